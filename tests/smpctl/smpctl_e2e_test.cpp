// SPDX-License-Identifier: Apache-2.0
// End-to-end tests of the smpctl binary against the real smpsim binary: every subcommand,
// --json documents, exit codes per error class, and failed upgrades.
#include "integration/smpsim_process.hpp"
#include "smpctl/smpctl_process.hpp"

#include <smp/mcuboot/sha256.hpp>
#include <smp/protocol/bytes.hpp>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace smpctl_test;

class SmpctlTest : public ::testing::Test {
  protected:
    void SetUp() override { start({}); }

    // smpsim with `endpoint` ({"--udp", "127.0.0.1:0"}, {"--pty"}, {"--tcp", ...}) and
    // `extra` options; conn_ becomes the URI smpctl uses for it.
    void start(std::vector<std::string> extra,
               std::vector<std::string> endpoint = {"--udp", "127.0.0.1:0"}) {
        sim_.reset();
        fs::create_directories(tmp_.path / "state");
        fs::create_directories(tmp_.path / "fsroot");
        std::vector<std::string> args = endpoint;
        args.insert(args.end(), {"--state-dir", (tmp_.path / "state").string(), "--fs-root",
                                 (tmp_.path / "fsroot").string(), "--buf-size", "512"});
        args.insert(args.end(), extra.begin(), extra.end());
        sim_ = std::make_unique<smp_it::SmpsimProcess>(args, 1);
        const auto& ready = sim_->ready[0];
        const bool raw = std::find(extra.begin(), extra.end(), "--raw") != extra.end();
        if (ready["transport"] == "pty")
            conn_ = (raw ? "serial-raw://" : "serial://") + ready["path"].get<std::string>() +
                    "?baud=115200&flow=none&strategy=auto";
        else if (ready["transport"] == "tcp")
            conn_ = "tcp://" + ready["address"].get<std::string>() + (raw ? "?raw=1" : "");
        else
            conn_ = "udp://" + ready["address"].get<std::string>();
    }

    // smpctl --conn <sim> ARGS...
    RunResult ctl(std::vector<std::string> args) {
        args.insert(args.begin(), {"--conn", conn_});
        return run_smpctl(args, tmp_.path);
    }
    RunResult ctl_json(std::vector<std::string> args) {
        args.insert(args.begin(), "--json");
        return ctl(std::move(args));
    }
    RunResult offline(std::vector<std::string> args) { return run_smpctl(args, tmp_.path); }

    // Writes a test image with `smpctl image make`; returns its path and inspected JSON.
    std::pair<std::string, json> make_image(const std::string& version, int size = 20000,
                                            int seed = 1) {
        const auto path = (tmp_.path / ("image-" + version + ".bin")).string();
        const auto r = offline({"--json", "image", "make", "--version", version, "--size",
                                std::to_string(size), "--seed", std::to_string(seed), path});
        EXPECT_EQ(r.code, 0) << r.err;
        return {path, r.doc()};
    }

    json image_list() {
        const auto r = ctl_json({"image", "list"});
        EXPECT_EQ(r.code, 0) << r.err;
        return r.doc()["images"];
    }

    static const json* active(const json& images) {
        for (const auto& slot : images)
            if (slot["active"].get<bool>())
                return &slot;
        return nullptr;
    }

    // The device's active image is the one with `hash`, confirmed or (test only) not.
    void expect_running(const json& hash, bool confirmed) {
        const auto images = image_list();
        const auto* running = active(images);
        ASSERT_NE(running, nullptr);
        EXPECT_EQ((*running)["hash"], hash);
        EXPECT_EQ((*running)["confirmed"].get<bool>(), confirmed);
    }

    // Puts `version` on the device with a full upgrade; returns its image hash.
    std::string install(const std::string& version, int seed = 1) {
        const auto [path, info] = make_image(version, 20000, seed);
        const auto r = ctl_json({"upgrade", path, "--reset-settle", "0.3"});
        EXPECT_EQ(r.code, 0) << r.err;
        return info["hash"].get<std::string>();
    }

    TempDir tmp_;
    std::unique_ptr<smp_it::SmpsimProcess> sim_;
    std::string conn_;
};

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

// ---- upgrade

TEST_F(SmpctlTest, UpgradeRunsEveryStepAndLeavesTheNewImageConfirmed) {
    install("1.0.0");
    const auto [path, info] = make_image("1.1.0", 40000, 4);
    const auto r = ctl_json({"upgrade", path, "--reset-settle", "0.3"});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto doc = r.doc();
    EXPECT_EQ(doc["status"], "ok");
    EXPECT_EQ(doc["from"]["version"], "1.0.0");
    EXPECT_EQ(doc["to"]["hash"], info["hash"]);
    EXPECT_EQ(doc["running"]["hash"], info["hash"]);
    EXPECT_EQ(doc["confirmed"], true);
    for (const char* step : {"[1/6]", "[2/6]", "[3/6]", "[4/6]", "[5/6]", "[6/6]"})
        EXPECT_NE(r.err.find(step), std::string::npos) << r.err;
    expect_running(info["hash"], true);
}

TEST_F(SmpctlTest, UpgradeConfirmDirectlyMarksThePermanentImageBeforeTheReset) {
    install("1.0.0");
    const auto [path, info] = make_image("1.2.0", 20000, 8);
    const auto r = ctl_json({"upgrade", path, "--confirm-directly", "--reset-settle", "0.3"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("marking the image permanent"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("[6/6]"), std::string::npos) << r.err;  // nothing left to confirm
    expect_running(info["hash"], true);
}

// Test only: the upgrade ends at [5/5] verify and the new image runs unconfirmed (MCUboot
// would revert it on the next reset).
TEST_F(SmpctlTest, UpgradeNoConfirmLeavesTheNewImageRunningUnconfirmed) {
    install("1.0.0");
    const auto [path, info] = make_image("1.3.0", 20000, 9);
    const auto r = ctl_json({"upgrade", path, "--no-confirm", "--reset-settle", "0.3"});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto doc = r.doc();
    EXPECT_EQ(doc["status"], "ok");
    EXPECT_EQ(doc["running"]["hash"], info["hash"]);
    EXPECT_EQ(doc["confirmed"], false);
    EXPECT_NE(r.err.find("[5/5]"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("confirming"), std::string::npos) << r.err;
    expect_running(info["hash"], false);
}

TEST_F(SmpctlTest, UpgradeNoConfirmAndConfirmDirectlyExcludeEachOther) {
    install("1.0.0");
    const auto [path, info] = make_image("1.4.0");
    EXPECT_EQ(ctl({"upgrade", path, "--no-confirm", "--confirm-directly"}).code, 2);
    const auto images = image_list();
    const auto* running = active(images);
    ASSERT_NE(running, nullptr);
    EXPECT_NE((*running)["hash"], info["hash"]);
}

TEST_F(SmpctlTest, UpgradeToTheRunningImageDoesNothing) {
    install("1.0.0");
    const auto [path, info] = make_image("1.0.0");
    const auto r = ctl_json({"upgrade", path});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc()["status"], "already-running");
}

// One power loss mid-upload (smpsim --reset-at-offset fires once): the upload restarts and
// the upgrade still completes.
TEST_F(SmpctlTest, UpgradeSurvivesOnePowerLossMidUpload) {
    install("1.0.0");
    start({"--reset-at-offset", "8000"});
    const auto [path, info] = make_image("2.0.0", 40000, 5);
    const auto r = ctl_json({"--timeout", "0.5", "upgrade", path, "--reset-settle", "0.3"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc()["running"]["hash"], info["hash"]);
}

// A device that keeps resetting (every 15 requests) never takes the upload: exit 8, a
// message saying the old image still runs, and nothing marked for test.
TEST_F(SmpctlTest, UpgradeInterruptedByResetsLeavesTheOldImage) {
    const auto old_hash = install("1.0.0");
    start({"--reset-after", "15"});
    const auto [path, info] = make_image("2.0.0", 40000, 5);
    const auto r = ctl({"--timeout", "0.5", "upgrade", path});
    EXPECT_EQ(r.code, 8) << r.err;
    EXPECT_NE(r.err.find("still runs its old image, version 1.0.0"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("nothing was marked for test"), std::string::npos) << r.err;
    const auto images = image_list();
    const auto* running = active(images);
    ASSERT_NE(running, nullptr);
    EXPECT_EQ((*running)["hash"], old_hash);
    for (const auto& slot : images)
        EXPECT_FALSE(slot["pending"].get<bool>());
}

// A single-slot MCUboot application takes an image only through the bootloader: upgrade says
// so (exit code 11, nothing sent), os bootloader shows why, and --via-bootloader does it.
TEST_F(SmpctlTest, SingleSlotUpgradesOnlyViaTheBootloader) {
    start({"--mcuboot-mode", "single-slot"});
    const auto info = ctl_json({"os", "bootloader"});
    ASSERT_EQ(info.code, 0) << info.err;
    EXPECT_EQ(info.doc()["mode_name"], "single-slot");
    EXPECT_EQ(info.doc()["upgrade_path"], "bootloader-required");
    const auto [path, image] = make_image("2.0.0");
    const auto refused = ctl({"upgrade", path});
    EXPECT_EQ(refused.code, 11) << refused.err;
    EXPECT_NE(refused.err.find("--via-bootloader"), std::string::npos) << refused.err;
    const auto done = ctl_json({"upgrade", path, "--via-bootloader", "--reset-settle", "0.3"});
    ASSERT_EQ(done.code, 0) << done.err;
    EXPECT_EQ(done.doc()["path"], "recovery");
    EXPECT_EQ(done.doc()["verified"], false) << "a single-slot application cannot tell";
    EXPECT_NE(done.err.find("resetting into the bootloader"), std::string::npos) << done.err;
}

// Direct-XIP: the mode is named, no mark for test, and the image runs from slot 1.
TEST_F(SmpctlTest, DirectXipUpgradeTakesTheModesSteps) {
    start({"--mcuboot-mode", "direct-xip"});
    const auto [path, image] = make_image("2.0.0");
    const auto r = ctl_json({"upgrade", path, "--reset-settle", "0.3"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc()["path"], "newest-boots");
    EXPECT_NE(r.err.find("direct-xip"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("marking the image for test"), std::string::npos) << r.err;
    const auto images = image_list();
    const auto* running = active(images);
    ASSERT_NE(running, nullptr);
    EXPECT_EQ((*running)["hash"], image["hash"]);
    EXPECT_EQ((*running)["slot"], 1);
}

TEST_F(SmpctlTest, UpgradeWithATruncatedImageIsRefusedBeforeTouchingTheDevice) {
    const auto old_hash = install("1.0.0");
    const auto [path, info] = make_image("2.0.0", 20000, 6);
    const auto bytes = read_file(path);
    const auto bad = (tmp_.path / "truncated.bin").string();
    std::ofstream(bad, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    const auto r = ctl_json({"upgrade", bad});
    EXPECT_EQ(r.code, 6) << r.err;
    EXPECT_EQ(r.doc()["error"]["exit_code"], 6);
    EXPECT_NE(r.err.find("truncated"), std::string::npos) << r.err;
    EXPECT_EQ((*active(image_list()))["hash"], old_hash);
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

// ---- exit codes per error class

TEST_F(SmpctlTest, UsageErrorsExitWith2) {
    EXPECT_EQ(ctl({"os", "frobnicate"}).code, 2);
    EXPECT_EQ(ctl({"os", "echo"}).code, 2);  // missing TEXT
    EXPECT_EQ(ctl({"raw", "0", "0", "not json"}).code, 2);
    EXPECT_EQ(ctl({"image", "test", "xyz"}).code, 2);
    auto r = offline({"os", "echo", "hi"});  // no --conn, no SMP_CONN
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("SMP_CONN"), std::string::npos) << r.err;
    r = offline({"--conn", "udp://[::1", "os", "echo", "hi"});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("missing ']'"), std::string::npos) << r.err;
    EXPECT_EQ(offline({"--conn", "carrier-pigeon://x", "os", "echo", "hi"}).code, 2);
}

TEST_F(SmpctlTest, DeviceErrorsExitWith3AndNameTheError) {
    install("1.0.0");
    auto r = ctl_json({"image", "erase", "--slot", "0"});  // the active slot
    EXPECT_EQ(r.code, 3) << r.err;
    EXPECT_TRUE(r.doc()["error"].contains("device"));
    EXPECT_NE(r.err.find("IMG_MGMT_ERR"), std::string::npos) << r.err;

    r = ctl_json({"settings", "get", "no/such/key"});
    EXPECT_EQ(r.code, 3);
    EXPECT_EQ(r.doc()["error"]["device"]["name"], "SETTINGS_MGMT_ERR_KEY_NOT_FOUND");
}

TEST_F(SmpctlTest, SilentPeerTimesOutWith4) {
    const int sock = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    socklen_t len = sizeof addr;
    ::getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len);
    const auto uri = "udp://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
    const auto r = offline(
        {"--json", "--conn", uri, "--timeout", "0.2", "--retries", "0", "os", "echo", "hi"});
    ::close(sock);
    EXPECT_EQ(r.code, 4) << r.err;
    EXPECT_EQ(r.doc()["error"]["exit_code"], 4);
    EXPECT_NE(r.err.find(uri), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--timeout"), std::string::npos) << r.err;
}

TEST_F(SmpctlTest, MissingSerialDeviceIsATransportFailure) {
    const auto r = offline({"--conn", "serial:///dev/does-not-exist", "os", "echo", "hi"});
    EXPECT_EQ(r.code, 5) << r.err;
    EXPECT_NE(r.err.find("/dev/does-not-exist"), std::string::npos) << r.err;
}

TEST_F(SmpctlTest, BadInputFilesExitWith6) {
    EXPECT_EQ(offline({"image", "inspect", (tmp_.path / "missing.bin").string()}).code, 6);
    const auto junk = (tmp_.path / "junk.bin").string();
    std::ofstream(junk, std::ios::binary) << std::string(100, 'x');
    const auto r = offline({"image", "inspect", junk});
    EXPECT_EQ(r.code, 6);
    EXPECT_NE(r.err.find("junk.bin"), std::string::npos) << r.err;
    EXPECT_EQ(ctl({"image", "upload", junk}).code, 6);
}

// ---- serial links: the same commands over a PTY and over TCP, encoded and raw

struct SerialLink {
    std::string name;
    std::vector<std::string> endpoint;
    bool raw = false;
};

// gtest prints a parameter in failure messages and --gtest_list_tests: its name, not its bytes.
void PrintTo(const SerialLink& link, std::ostream* out) {
    *out << link.name;
}

class SmpctlSerialTest : public SmpctlTest, public ::testing::WithParamInterface<SerialLink> {
  protected:
    void SetUp() override {
        std::vector<std::string> extra;
        if (GetParam().raw)
            extra.push_back("--raw");
        start(extra, GetParam().endpoint);
    }
};

TEST_P(SmpctlSerialTest, EchoAndImageList) {
    const auto r = ctl_json({"os", "echo", "over serial"});
    ASSERT_EQ(r.code, 0) << conn_ << "\n" << r.err;
    EXPECT_EQ(r.doc()["r"], "over serial");
    const auto images = image_list();
    EXPECT_TRUE(images.is_array()) << images;
}

TEST_P(SmpctlSerialTest, UpgradeWithJsonLeavesTheNewImageConfirmed) {
    const auto [path, info] = make_image("3.1.0", 30000, 7);
    const auto r = ctl_json({"upgrade", path, "--reset-settle", "0.3"});
    ASSERT_EQ(r.code, 0) << conn_ << "\n" << r.err;
    const auto doc = r.doc();
    EXPECT_EQ(doc["status"], "ok");
    EXPECT_EQ(doc["running"]["hash"], info["hash"]);
    EXPECT_EQ(doc["running"]["version"], "3.1.0");
    EXPECT_EQ(doc["transfer"]["bytes"], info["file_size"]);
    expect_running(info["hash"], true);
}

TEST_P(SmpctlSerialTest, FileUploadAndDownloadRoundTrip) {
    std::string content;
    for (int i = 0; i < 2500; ++i)
        content += static_cast<char>(i * 7 % 256);
    const auto local = (tmp_.path / "blob.bin").string();
    std::ofstream(local, std::ios::binary) << content;
    auto r = ctl_json({"fs", "upload", local, "/blob.bin"});
    ASSERT_EQ(r.code, 0) << conn_ << "\n" << r.err;
    EXPECT_EQ(r.doc()["bytes"], content.size());
    EXPECT_EQ(read_file(tmp_.path / "fsroot" / "blob.bin"), content);

    const auto back = (tmp_.path / "back.bin").string();
    r = ctl_json({"fs", "download", "/blob.bin", back});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc()["bytes"], content.size());
    EXPECT_EQ(read_file(back), content);
}

INSTANTIATE_TEST_SUITE_P(
    Links, SmpctlSerialTest,
    ::testing::Values(SerialLink{"PtyEncoded", {"--pty"}, false},
                      SerialLink{"PtyRaw", {"--pty"}, true},
                      SerialLink{"TcpEncoded", {"--tcp", "127.0.0.1:0"}, false},
                      SerialLink{"TcpRaw", {"--tcp", "127.0.0.1:0"}, true}),
    [](const ::testing::TestParamInfo<SerialLink>& p) { return p.param.name; });

TEST_F(SmpctlTest, BadSerialOptionsAreUsageErrors) {
    for (const char* uri :
         {"serial:///dev/ttyACM0?strategy=bogus", "serial:///dev/ttyACM0?baudrate=9600",
          "serial:///dev/ttyACM0?strategy=buffer-params=129x2",
          "serial:///dev/ttyACM0?flow=sideways", "tcp://127.0.0.1", "tcp://127.0.0.1:1?raw=maybe",
          "serial-raw://relative"}) {
        const auto r = offline({"--conn", uri, "os", "echo", "x"});
        EXPECT_EQ(r.code, 2) << uri << "\n" << r.err;
        EXPECT_NE(r.err.find(uri), std::string::npos) << r.err;
    }
}

TEST_F(SmpctlTest, ClosedTcpPortIsATransportFailure) {
    // Bind then close a listening socket: its port refuses connections.
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    ::inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    socklen_t len = sizeof a;
    ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len), 0);
    ::close(fd);
    const auto uri = "tcp://127.0.0.1:" + std::to_string(ntohs(a.sin_port));
    const auto r = offline({"--timeout", "0.5", "--conn", uri, "os", "echo", "x"});
    EXPECT_EQ(r.code, 5) << r.err;
    EXPECT_NE(r.err.find(uri), std::string::npos) << r.err;
}

// A TCP "serial line" that prints console text and never answers SMP: the text shows on
// stderr with -v, stdout keeps only the --json error document.
TEST_F(SmpctlTest, SerialConsoleTextGoesToStderrWithVerbose) {
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    ::inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    ASSERT_EQ(::listen(listener, 1), 0);
    socklen_t len = sizeof a;
    ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&a), &len), 0);
    std::thread device([listener] {
        const int fd = ::accept(listener, nullptr, nullptr);
        const std::string banner = "*** Booting Zephyr OS ***\nuart:~$ ";
        (void)::write(fd, banner.data(), banner.size());
        char sink[256];
        while (::read(fd, sink, sizeof sink) > 0) {
        }
        ::close(fd);
    });
    const auto uri = "tcp://127.0.0.1:" + std::to_string(ntohs(a.sin_port));
    const auto r = offline(
        {"-v", "--json", "--timeout", "0.5", "--retries", "0", "--conn", uri, "os", "echo", "x"});
    device.join();
    ::close(listener);
    EXPECT_EQ(r.code, 4) << r.err;
    EXPECT_NE(r.err.find("console: *** Booting Zephyr OS ***"), std::string::npos) << r.err;
    EXPECT_EQ(r.out.find("Booting"), std::string::npos) << r.out;
    EXPECT_EQ(r.doc()["error"]["exit_code"], 4);
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
