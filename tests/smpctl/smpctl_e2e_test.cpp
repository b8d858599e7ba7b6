// SPDX-License-Identifier: Apache-2.0
// End-to-end tests of the smpctl binary against the real smpsim binary: every subcommand of
// the os, image, fs, shell, stat, settings, enum and zephyr groups with their --json
// documents, and the help. Upgrades, exit codes and serial links have their own files.
#include "smpctl/smpctl_fixture.hpp"

namespace {

using namespace smpctl_test;

// ---- os group

TEST_F(SmpctlTest, EchoReturnsTheStringInJsonAndText) {
    auto r = ctl_json({"os", "echo", "hello device"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc()["r"], "hello device");
    r = ctl({"os", "echo", "plain"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "plain\n");
}

TEST_F(SmpctlTest, ParamsReportTheDeviceBuffer) {
    const auto r = ctl_json({"os", "params"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc()["buf_size"], 512);
    EXPECT_EQ(r.doc()["buf_count"], 2);
}

TEST_F(SmpctlTest, OsInformationCommands) {
    auto r = ctl_json({"os", "info", "s"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_FALSE(r.doc()["output"].get<std::string>().empty());
    r = ctl_json({"os", "bootloader"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc()["bootloader"], "MCUboot");
    EXPECT_EQ(r.doc()["device"], "application");
    EXPECT_EQ(r.doc()["mode"], 3);
    EXPECT_EQ(r.doc()["mode_name"], "swap-using-move");
    EXPECT_EQ(r.doc()["upgrade_path"], "test-and-confirm");
    r = ctl_json({"os", "bootloader", "mode"});  // the raw answer to one query
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc(), (nlohmann::json{{"mode", 3}}));
    r = ctl_json({"os", "taskstat"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(r.doc()["tasks"].is_object());
    r = ctl_json({"os", "mpstat"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(r.doc()["pools"].is_object());
}

TEST_F(SmpctlTest, DatetimeSetThenGet) {
    auto r = ctl_json({"os", "datetime", "2024-05-01T12:00:00"});
    ASSERT_EQ(r.code, 0) << r.err;
    r = ctl_json({"os", "datetime"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc()["datetime"].get<std::string>().substr(0, 13), "2024-05-01T12");
}

TEST_F(SmpctlTest, ResetIsAnswered) {
    const auto r = ctl_json({"os", "reset"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc()["reset"], true);
}

// ---- image group

TEST_F(SmpctlTest, ImageMakeAndInspectAgreeOffline) {
    const auto [path, made] = make_image("1.2.3", 5000);
    const auto r = offline({"--json", "image", "inspect", path});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto doc = r.doc();
    EXPECT_EQ(doc["version"], "1.2.3");
    EXPECT_EQ(doc["header"]["hdr_size"], 0x200);
    EXPECT_EQ(doc["header"]["img_size"], 5000);
    EXPECT_EQ(doc["hash"], made["hash"]);
    EXPECT_EQ(doc["hash"].get<std::string>().size(), 64u);
    EXPECT_EQ(doc["tlvs"][0]["name"], "SHA256");
    EXPECT_EQ(doc["tlvs"][0]["value"], doc["hash"]);
    const auto text = offline({"image", "inspect", path});
    EXPECT_NE(text.out.find("version     1.2.3"), std::string::npos) << text.out;
}

TEST_F(SmpctlTest, UploadTestConfirmAndListShowTheInspectedHash) {
    const auto old_hash = install("1.0.0");
    const auto [path, info] = make_image("2.0.0", 30000, 2);
    const auto hash = info["hash"].get<std::string>();

    auto r = ctl_json({"image", "upload", path});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc()["hash"], hash);
    EXPECT_EQ(r.doc()["transfer"]["bytes"], info["file_size"]);
    EXPECT_NE(r.err.find("uploaded"), std::string::npos) << r.err;  // summary on stderr

    auto images = image_list();
    bool found = false;
    for (const auto& slot : images)
        if (slot["slot"] == 1) {
            EXPECT_EQ(slot["hash"], hash);
            EXPECT_EQ(slot["version"], "2.0.0");
            found = true;
        }
    EXPECT_TRUE(found) << images.dump();

    r = ctl_json({"image", "test", hash});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto tested = r.doc();
    for (const auto& slot : tested["images"]) {
        if (slot["hash"] == hash) {
            EXPECT_TRUE(slot["pending"].get<bool>());
        }
    }

    r = ctl_json({"image", "confirm"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ((*active(r.doc()["images"]))["hash"], old_hash);

    r = ctl_json({"image", "slots"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc()["images"][0]["slots"].size(), 2u);
    EXPECT_GT(r.doc()["images"][0]["slots"][0]["size"].get<long>(), 0);
}

TEST_F(SmpctlTest, EraseOfTheSecondarySlotWorksAndHumanListIsATable) {
    install("1.0.0");
    const auto [path, info] = make_image("1.1.0", 10000, 3);
    ASSERT_EQ(ctl({"-q", "image", "upload", path}).code, 0);
    auto r = ctl_json({"image", "erase", "--slot", "1"});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto images = image_list();
    for (const auto& slot : images)
        EXPECT_NE(slot["hash"], info["hash"]);
    r = ctl({"image", "list"});
    ASSERT_EQ(r.code, 0);
    EXPECT_NE(r.out.find("version"), std::string::npos);
    EXPECT_NE(r.out.find("1.0.0"), std::string::npos);
    EXPECT_NE(r.out.find("active"), std::string::npos);
}

// ---- fs, shell, stat, settings, enum, zephyr, raw

TEST_F(SmpctlTest, FileUploadDownloadStatHashClose) {
    std::string content;
    for (int i = 0; i < 3000; ++i)
        content += static_cast<char>('a' + i % 26);
    const auto local = (tmp_.path / "local.txt").string();
    std::ofstream(local, std::ios::binary) << content;
    auto r = ctl_json({"fs", "upload", local, "/data.txt"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc()["bytes"], content.size());

    r = ctl_json({"fs", "stat", "/data.txt"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc()["len"], content.size());

    r = ctl_json({"fs", "hash", "/data.txt", "--type", "sha256"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc()["output"], smp::to_hex(smp::mcuboot::sha256(smp::as_bytes(content))));

    const auto back = (tmp_.path / "back.txt").string();
    r = ctl_json({"fs", "download", "/data.txt", back});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(read_file(back), content);

    r = ctl_json({"fs", "close"});
    ASSERT_EQ(r.code, 0) << r.err;
}

// A device error on a file chunk names the file and offset and ends there: the device's own
// words (group, rc) come first, and no dangling ": " follows (it once read "file F at offset
// 0: ").
TEST_F(SmpctlTest, FileChunkErrorNamesTheChunkWithoutADanglingColon) {
    const auto local = (tmp_.path / "f.bin").string();
    std::ofstream(local, std::ios::binary) << "some bytes";
    const auto r = ctl({"fs", "upload", local, "/no-such-dir/f.bin"});
    EXPECT_EQ(r.code, 3) << r.err;
    const auto line = r.err.substr(0, r.err.find('\n'));
    EXPECT_NE(line.find("file /no-such-dir/f.bin at offset 0"), std::string::npos) << r.err;
    ASSERT_GE(line.size(), 2u);
    EXPECT_NE(line.substr(line.size() - 2), ": ") << r.err;
    EXPECT_NE(line.back(), ':') << r.err;
}

// Likewise a refused upload: the device's words, then where, never "upload:  (udp://...)".
TEST_F(SmpctlTest, RefusedUploadNamesTheDeviceWithoutAnEmptyDetail) {
    start({"--slot-size", "8192"});
    const auto [path, info] = make_image("1.0.0", 20000);
    const auto r = ctl({"upgrade", path});
    EXPECT_EQ(r.code, 3) << r.err;
    const auto error = r.err.substr(r.err.find("smpctl: "));
    const auto line = error.substr(0, error.find('\n'));
    EXPECT_NE(line.find("IMG_MGMT_ERR_INVALID_IMAGE_TOO_LARGE"), std::string::npos) << r.err;
    EXPECT_NE(line.find("upgrade failed at upload: " + conn_), std::string::npos) << r.err;
    EXPECT_EQ(line.find(":  "), std::string::npos) << r.err;
}

TEST_F(SmpctlTest, ShellExecReturnsOutput) {
    auto r = ctl_json({"shell", "exec", "--", "echo", "hi", "there"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.doc()["o"].get<std::string>().find("hi there"), std::string::npos);
    EXPECT_EQ(r.doc()["ret"], 0);
    // A failing command exits 3 with exactly one (error) document.
    r = ctl_json({"shell", "exec", "--", "no-such-command"});
    EXPECT_EQ(r.code, 3) << r.err;
    EXPECT_EQ(r.doc()["error"]["exit_code"], 3);
}

TEST_F(SmpctlTest, StatListAndShow) {
    auto r = ctl_json({"stat", "list"});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto list = r.doc()["stat_list"];  // a copy
    ASSERT_FALSE(list.empty());
    r = ctl_json({"stat", "show", "smp"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(r.doc()["fields"].contains("requests"));
}

TEST_F(SmpctlTest, SettingsRoundTrip) {
    ASSERT_EQ(ctl({"settings", "set", "app/name", "demo"}).code, 0);
    auto r = ctl_json({"settings", "get", "app/name"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc()["val"], "64656d6f");
    EXPECT_EQ(r.doc()["text"], "demo");
    ASSERT_EQ(ctl({"settings", "set", "--hex", "app/raw", "00ff"}).code, 0);
    EXPECT_EQ(ctl_json({"settings", "get", "app/raw"}).doc()["val"], "00ff");
    EXPECT_EQ(ctl({"settings", "commit"}).code, 0);
    EXPECT_EQ(ctl({"settings", "save"}).code, 0);
    EXPECT_EQ(ctl({"settings", "load"}).code, 0);
    EXPECT_EQ(ctl({"settings", "delete", "app/name"}).code, 0);
    EXPECT_EQ(ctl({"settings", "get", "app/name"}).code, 3);
}

TEST_F(SmpctlTest, EnumListsTheGroups) {
    const auto r = ctl_json({"enum"});
    ASSERT_EQ(r.code, 0) << r.err;
    std::vector<int> ids;
    const auto doc = r.doc();
    for (const auto& g : doc["groups"])
        ids.push_back(g["group"].get<int>());
    EXPECT_NE(std::find(ids.begin(), ids.end(), 0), ids.end());
    EXPECT_NE(std::find(ids.begin(), ids.end(), 1), ids.end());
}

TEST_F(SmpctlTest, ZephyrEraseStorageClearsSettings) {
    ASSERT_EQ(ctl({"settings", "set", "app/x", "1"}).code, 0);
    ASSERT_EQ(ctl({"settings", "save"}).code, 0);
    const auto r = ctl_json({"zephyr", "erase-storage"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc()["erased"], true);
}

TEST_F(SmpctlTest, RawRequestCarriesJsonBothWays) {
    auto r = ctl_json({"raw", "0", "0", "--write", R"({"d":"raw hello"})"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc()["r"], "raw hello");
    r = ctl_json({"raw", "0", "6"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc()["buf_size"], 512);
}

// ---- help

TEST_F(SmpctlTest, HelpDocumentsExitCodesUrisAndEveryCommand) {
    const auto r = offline({"--help"});
    EXPECT_EQ(r.code, 0);
    EXPECT_NE(r.out.find("Exit codes"), std::string::npos);
    for (const char* uri :
         {"udp://HOST[:PORT]", "serial:///dev/ttyACM0", "serial-raw://", "tcp://HOST:PORT",
          "ble://NAME-or-ADDRESS", "buffer-params=LINExN", "serial://usb/VID:PID"})
        EXPECT_NE(r.out.find(uri), std::string::npos) << uri;
    EXPECT_NE(r.out.find(" 10  several devices"), std::string::npos) << r.out;
    for (const char* group : {"os", "image", "upgrade", "fs", "shell", "stat", "settings", "enum",
                              "zephyr", "raw", "ports"}) {
        EXPECT_NE(r.out.find(group), std::string::npos) << group;
        EXPECT_EQ(offline({group, "--help"}).code, 0) << group;
    }
    EXPECT_EQ(offline({"image", "upload", "--help"}).code, 0);
}

// The URI and exit-code footer is long: `smpctl --help` has it, every command's help points
// there instead of repeating it.
TEST_F(SmpctlTest, CommandHelpPointsToTheMainHelpForUrisAndExitCodes) {
    for (const std::vector<std::string>& args : {std::vector<std::string>{"upgrade", "--help"},
                                                 {"image", "--help"},
                                                 {"image", "upload", "--help"},
                                                 {"os", "echo", "--help"},
                                                 {"ports", "--help"}}) {
        const auto r = offline(args);
        EXPECT_EQ(r.code, 0) << args[0];
        EXPECT_EQ(r.out.find("Exit codes"), std::string::npos) << r.out;
        EXPECT_EQ(r.out.find("Connection URIs (--conn"), std::string::npos) << r.out;
        EXPECT_NE(r.out.find("Connection URIs, exit codes and examples: smpctl --help"),
                  std::string::npos)
            << r.out;
    }
}

}  // namespace
