// SPDX-License-Identifier: Apache-2.0
// smpctl, as a user runs it, against the real servers: the groups on a UART build, files and
// IPv6 over UDP, the image group of the mps2 application, and MCUboot serial recovery
// reached with `os reset --bootloader` and uploaded with a named buffer size.
#include "real_server_test.hpp"
#include "smpctl/smpctl_process.hpp"

#include <smp/mcuboot/image_builder.hpp>
#include <smp/mcuboot/image_file.hpp>
#include <smp/mcuboot/sha256.hpp>
#include <smp/protocol/bytes.hpp>
#include <smp/protocol/serial/fragmentation.hpp>

#include <cctype>
#include <cstdio>
#include <fstream>
#include <ostream>
#include <thread>

namespace smp_zephyr {
namespace {

using smpctl_test::run_smpctl;
using smpctl_test::TempDir;

class SmpctlReal : public ::testing::Test {
  protected:
    // Starts `config` and waits until it answers (through the library, then closed: a TCP
    // UART takes one client at a time).
    void start(const std::string& config) {
        server_ = std::make_unique<ZephyrServer>(fixture(config));
        connect_when_answering(*server_).reset();
        uri_ = smpctl_uri(*server_);
    }

    smpctl_test::RunResult smpctl(std::vector<std::string> args, const std::string& uri = {}) {
        args.insert(args.begin(), {"--conn", uri.empty() ? uri_ : uri});
        auto result = run_smpctl(args, dir_.path, std::chrono::seconds(90));
        EXPECT_FALSE(result.killed) << "smpctl hung";
        return result;
    }

    // `smpctl --json ARGS` must succeed; its document.
    nlohmann::json json_of(std::vector<std::string> args) {
        args.insert(args.begin(), "--json");
        const auto run = smpctl(args);
        EXPECT_EQ(run.code, 0) << run.err << "\nserver output:\n" << server_->output();
        return run.code == 0 ? run.doc() : nlohmann::json{};
    }

    std::string write_file(const std::string& name, const smp::Bytes& bytes) {
        const auto path = dir_.path / name;
        std::ofstream(path, std::ios::binary)
            .write(reinterpret_cast<const char*>(bytes.data()),
                   static_cast<std::streamsize>(bytes.size()));
        return path.string();
    }

    TempDir dir_;
    std::unique_ptr<ZephyrServer> server_{};
    std::string uri_{};
};

TEST_F(SmpctlReal, UartGroupsAnswerThroughTheCommandLine) {
    start("serial");
    EXPECT_EQ(json_of({"os", "echo", "from smpctl"})["r"], "from smpctl");
    const auto params = json_of({"os", "params"});
    EXPECT_EQ(params["buf_size"], 384);
    EXPECT_EQ(params["buf_count"], 4);
    EXPECT_EQ(json_of({"os", "info"})["output"], "Zephyr");
    EXPECT_TRUE(json_of({"os", "taskstat"})["tasks"].contains("mcumgr smp"));
    const auto stats = json_of({"stat", "list"})["stat_list"];
    EXPECT_NE(std::find(stats.begin(), stats.end(), "smp_svr_stats"), stats.end()) << stats;
    EXPECT_EQ(json_of({"stat", "show", "smp_svr_stats"})["name"], "smp_svr_stats");
    EXPECT_EQ(json_of({"enum"})["groups"].size(), 7u);
    const auto version = json_of({"shell", "exec", "--", "kernel", "version"});
    EXPECT_NE(version["o"].get<std::string>().find("Zephyr version 4.4.0"), std::string::npos);
    EXPECT_EQ(json_of({"settings", "commit"})["commit"], true);
    EXPECT_EQ(json_of({"zephyr", "erase-storage"})["erased"], true);
    const auto refused = smpctl({"os", "mpstat"});
    EXPECT_EQ(refused.code, 3) << refused.err;  // a device error, named
    EXPECT_NE(refused.err.find("MGMT_ERR_ENOTSUP"), std::string::npos) << refused.err;
}

// On every build, through smpctl: echo, params (or their absence), info, stat and enum agree
// with what the build has.
class SmpctlEveryBuild : public SmpctlReal, public ::testing::WithParamInterface<std::string> {};

TEST_P(SmpctlEveryBuild, BasicsAgreeWithTheBuild) {
    start(GetParam());
    const auto& spec = server_->spec();
    EXPECT_EQ(json_of({"os", "echo", spec.config})["r"], spec.config);
    if (spec.config == "serial_noparams") {
        const auto none = smpctl({"os", "params"});
        EXPECT_EQ(none.code, 3) << none.err;
    } else {
        EXPECT_EQ(json_of({"os", "params"})["buf_size"], spec.buf_size);
    }
    EXPECT_EQ(json_of({"os", "info"})["output"], "Zephyr");
    const auto stats = json_of({"stat", "list"})["stat_list"];
    EXPECT_NE(std::find(stats.begin(), stats.end(), "smp_svr_stats"), stats.end()) << stats;
    const auto groups = json_of({"enum"})["groups"];
    std::set<std::uint16_t> listed;
    for (const auto& g : groups)
        listed.insert(g["group"].get<std::uint16_t>());
    EXPECT_EQ(listed, registered_groups(spec));
}

INSTANTIATE_TEST_SUITE_P(Native, SmpctlEveryBuild,
                         ::testing::Values("serial", "serial_raw", "serial_bigrx", "serial_fs",
                                           "serial_noparams", "serial_buf96", "serial_line512",
                                           "shell"),
                         config_name);
INSTANTIATE_TEST_SUITE_P(Mps2, SmpctlEveryBuild,
                         ::testing::Values("serial_recovery_buf400", "serial_recovery"),
                         config_name);

// UDP servers share port 1337: their suites are named Udp* (serialised by ctest).
using UdpSmpctl = SmpctlReal;

TEST_F(UdpSmpctl, FilesUploadDownloadAndTheFullFileSystemError) {
    start("udp");
    smp::Bytes content(4000);
    for (std::size_t i = 0; i < content.size(); ++i)
        content[i] = static_cast<std::uint8_t>(i * 3);
    const auto local = write_file("up.bin", content);
    EXPECT_EQ(smpctl({"fs", "upload", local, "/lfs1/up.bin"}).code, 0);
    EXPECT_EQ(json_of({"fs", "stat", "/lfs1/up.bin"})["len"], 4000);
    const auto sha = json_of({"fs", "hash", "/lfs1/up.bin", "--type", "sha256"});
    EXPECT_EQ(sha["type"], "sha256");
    EXPECT_EQ(sha["len"], 4000);
    const auto digest = smp::mcuboot::sha256(content);
    EXPECT_EQ(sha["output"], smp::to_hex(digest)) << sha;
    const auto back = (dir_.path / "down.bin").string();
    EXPECT_EQ(smpctl({"fs", "download", "/lfs1/up.bin", back}).code, 0);
    EXPECT_EQ(smpctl_test::read_file(back), smpctl_test::read_file(local));
    const auto big = write_file("big.bin", smp::Bytes(12000, 0x5a));
    const auto full = smpctl({"fs", "upload", big, "/lfs1/big.bin"});
    EXPECT_EQ(full.code, 3) << full.err;
    EXPECT_NE(full.err.find("FS_MGMT_ERR_FILE_WRITE_FAILED"), std::string::npos) << full.err;
}

TEST_F(UdpSmpctl, EchoOverIpv6) {
    start("udp6");
    EXPECT_EQ(uri_, "udp://[::1]:1337");
    EXPECT_EQ(json_of({"os", "echo", "v6"})["r"], "v6");
}

TEST_F(SmpctlReal, Mps2ImageListUploadAndErase) {
    start("serial_recovery_buf512");
    const auto list = json_of({"image", "list"})["images"];
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0]["active"], true);
    smp::Bytes payload(8 * 1024, 0x3c);
    smp::mcuboot::ImageBuildOptions options;
    options.version = {3, 1, 0, 0};
    const auto image = smp::mcuboot::build_mcuboot_image(payload, options).value();
    const auto path = write_file("app.bin", image);
    const auto upload = smpctl({"image", "upload", path});
    EXPECT_EQ(upload.code, 0) << upload.err;
    const auto after = json_of({"image", "list"})["images"];
    ASSERT_EQ(after.size(), 2u) << after;
    EXPECT_EQ(after[1]["slot"], 1);
    EXPECT_EQ(after[1]["hash"], smp::to_hex(smp::mcuboot::read_image(image).value().image.hash));
    EXPECT_EQ(smpctl({"image", "erase"}).code, 0);
    EXPECT_EQ(json_of({"image", "list"})["images"].size(), 1u);
}

TEST_F(SmpctlReal, RecoveryWithoutParamsUploadsWithANamedBufferSize) {
    start("serial_recovery_buf1024");
    EXPECT_EQ(smpctl({"os", "reset", "--bootloader"}).code, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    // The fixture's application code as a version 2.0.0 image (see recovery_test.cpp).
    const auto original = smp::mcuboot::load_image_file(
                              (server_->workdir() / server_->spec().files().back()).string())
                              .value();
    const auto payload =
        smp::ByteView(original.bytes)
            .subspan(original.image.header.hdr_size, original.image.header.img_size);
    smp::mcuboot::ImageBuildOptions options;
    options.version = {2, 0, 0, 0};
    options.header_size = 0x200;
    options.load_addr = 0x20240000;  // the fixtures' RAM-load slot
    options.flags = smp::mcuboot::flag_ram_load;
    const auto image = smp::mcuboot::build_mcuboot_image(payload, options).value();
    const auto path = write_file("recovery.bin", image);

    // The default URI: os bootloader finds the receive buffer by probing, and the upload
    // fills it (the seconds of both uploads are printed for the comparison, not asserted).
    const auto info = smpctl({"--json", "os", "bootloader"});
    ASSERT_EQ(info.code, 0) << info.err;
    EXPECT_EQ(info.doc()["device"], "mcuboot-recovery");
    EXPECT_EQ(info.doc()["found_buffer_size"], 1024);
    EXPECT_EQ(info.doc()["upgrade_path"], "recovery");
    const auto by_default = smpctl({"--json", "image", "upload", path});
    ASSERT_EQ(by_default.code, 0) << by_default.err << "\nserver output:\n" << server_->output();
    std::printf("smpctl image upload, default URI: %s\n",
                by_default.doc()["transfer"].dump().c_str());

    EXPECT_EQ(by_default.doc()["upgrade_path"], "recovery");

    const auto sized = smpctl_uri(*server_, "buffer-size=1024");
    const auto upload = smpctl({"image", "upload", path}, sized);
    EXPECT_EQ(upload.code, 0) << upload.err << "\nserver output:\n" << server_->output();
    std::printf("smpctl image upload, buffer-size=1024:\n%s%s", upload.out.c_str(),
                upload.err.c_str());
    // Recovery has no test step: the hint says what is next there.
    EXPECT_NE(upload.out.find("next: smpctl os reset"), std::string::npos) << upload.out;
    EXPECT_EQ(upload.out.find("image test"), std::string::npos) << upload.out;
    const auto list = smpctl({"--json", "image", "list"}, sized);
    ASSERT_EQ(list.code, 0) << list.err;
    EXPECT_EQ(list.doc()["images"][0]["hash"],
              smp::to_hex(smp::mcuboot::read_image(image).value().image.hash));

    // An image the bootloader refuses (not the application's code): one upload, exit code 9.
    const auto refused = write_file(
        "refused.bin", smp::mcuboot::build_mcuboot_image(patterned_bytes(4096), options).value());
    const auto no = smpctl({"image", "upload", refused}, sized);
    EXPECT_EQ(no.code, 9) << no.err;
    EXPECT_NE(no.err.find("the bootloader did not accept the image"), std::string::npos) << no.err;

    // The whole upgrade from recovery, with the default URI: the recovery path, no mark for
    // test, and a plain account of what runs afterwards. QEMU loads the fixture's original
    // image again at the reset, so the check fails with exit code 7 and names that image.
    const auto upgrade = smpctl({"upgrade", path, "--reset-settle", "1"});
    EXPECT_EQ(upgrade.code, 7) << upgrade.err;
    EXPECT_NE(upgrade.err.find("MCUboot serial recovery"), std::string::npos) << upgrade.err;
    EXPECT_EQ(upgrade.err.find("marking the image"), std::string::npos) << upgrade.err;
    EXPECT_NE(upgrade.err.find("booted another image"), std::string::npos) << upgrade.err;
    EXPECT_NE(upgrade.err.find(smp::to_hex(original.image.hash)), std::string::npos)
        << "the message does not name the image that runs: " << upgrade.err;
}

}  // namespace
}  // namespace smp_zephyr

namespace smp_zephyr {
namespace {

// The buffer matrix through smpctl: `os echo` of a message exactly the strategy's budget on
// each buffer build, with the strategy in the URI, and one byte more refused before sending.
struct SmpctlMatrixCase {
    std::string config;
    std::string strategy;  ///< the URI's strategy= value
    std::size_t budget;    ///< the message size it allows on that build
};

void PrintTo(const SmpctlMatrixCase& c, std::ostream* out) {
    *out << c.config << " with strategy=" << c.strategy;
}

class SmpctlMatrix : public ::testing::TestWithParam<SmpctlMatrixCase> {};

TEST_P(SmpctlMatrix, EchoOfExactlyTheBudgetAndOneByteMore) {
    const auto& c = GetParam();
    ZephyrServer server(fixture(c.config));
    connect_when_answering(server).reset();
    TempDir dir;
    const auto uri = smpctl_uri(server, c.strategy);
    const auto fits = echo_of_size(c.budget);
    const auto run = run_smpctl({"--conn", uri, "--json", "os", "echo", fits.d}, dir.path);
    ASSERT_EQ(run.code, 0) << uri << "\n" << run.err << "\nserver output:\n" << server.output();
    EXPECT_EQ(run.doc()["r"], fits.d);
    const auto too_big = echo_of_size(c.budget + 1);
    const auto refused = run_smpctl({"--conn", uri, "os", "echo", too_big.d}, dir.path);
    EXPECT_NE(refused.code, 0);
    EXPECT_NE(refused.err.find("exceeds the limit of " + std::to_string(c.budget)),
              std::string::npos)
        << refused.err;
}

std::vector<SmpctlMatrixCase> smpctl_matrix() {
    std::vector<SmpctlMatrixCase> cases;
    for (const char* config :
         {"serial_buf96", "serial_buf256", "serial_buf400", "serial_buf512", "serial_buf1024",
          "serial_buf2048", "serial_line512", "serial_raw"}) {
        const auto buf = fixture(config).buf_size;
        cases.push_back({config, "auto", buf - 4});
        cases.push_back({config, "buffer-size=" + std::to_string(buf), buf - 4});
    }
    // Without params, Auto keeps to two 128-byte lines; a named size fills the buffer.
    cases.push_back({"serial_noparams", "auto", 182});
    cases.push_back({"serial_noparams", "buffer-size=384", 380});
    cases.push_back({"serial_buf1024", "buffer-params=128x8",
                     *smp::serial::max_message_size(smp::serial::BufferParams{128, 8})});
    return cases;
}

std::string smpctl_case_name(const ::testing::TestParamInfo<SmpctlMatrixCase>& info) {
    std::string name = info.param.config + "_" + info.param.strategy;
    for (auto& ch : name)
        if (!std::isalnum(static_cast<unsigned char>(ch)))
            ch = '_';
    return name;
}

INSTANTIATE_TEST_SUITE_P(Native, SmpctlMatrix, ::testing::ValuesIn(smpctl_matrix()),
                         smpctl_case_name);

}  // namespace
}  // namespace smp_zephyr
