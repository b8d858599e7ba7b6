// SPDX-License-Identifier: Apache-2.0
// mcumgr against the real Zephyr servers, driven as Zephyr's twister_harness drives the Go
// tool (helpers/mcumgr.py): "mcumgr --conntype serial --connstring=PORT CMD" split on
// blanks, `version` for availability, and `image list` parsed with the harness's own rules.
// The mps2 MCUboot application is reached over a PTY bridged to QEMU's TCP UART; the
// native_sim UDP build (no image group) over UDP, IPv4 and IPv6.
#include "pty_tap.hpp"
#include "smpctl/smpctl_process.hpp"
#include "zephyr_client.hpp"
#include "zephyr_server.hpp"

#include <smp/mcuboot/image_builder.hpp>
#include <smp/mcuboot/image_file.hpp>
#include <smp/protocol/bytes.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

namespace {

using namespace smp_zephyr;
using smpctl_test::RunResult;
using smpctl_test::TempDir;

// One `image=N slot=M` block of `image list`, as the harness's MCUmgrImage holds it.
struct HarnessImage {
    int image = 0;
    int slot = 0;
    std::string version{};
    std::string flags{};
    std::string hash{};
};

// The harness's _parse_image_list: the same four patterns, the same order of tests.
std::vector<HarnessImage> parse_image_list(const std::string& output) {
    static const std::regex re_image(R"(image=(\d+)\s+slot=(\d+))");
    static const std::regex re_version(R"(version:\s+(\S+))");
    static const std::regex re_flags(R"(flags:\s+(.+))");
    static const std::regex re_hash(R"(hash:\s+(\w+))");
    std::vector<HarnessImage> images;
    std::istringstream lines(output);
    std::smatch m;
    for (std::string line; std::getline(lines, line);) {
        if (std::regex_search(line, m, re_image))
            images.push_back({std::stoi(m[1]), std::stoi(m[2])});
        else if (images.empty())
            continue;
        else if (std::regex_search(line, m, re_version))
            images.back().version = m[1];
        else if (std::regex_search(line, m, re_flags))
            images.back().flags = m[1];
        else if (std::regex_search(line, m, re_hash))
            images.back().hash = m[1];
    }
    return images;
}

class McumgrReal : public ::testing::Test {
  protected:
    void start(const std::string& config) {
        server_ = std::make_unique<ZephyrServer>(fixture(config));
        connect_when_answering(*server_).reset();
    }

    // The harness's run_command: the line split on blanks, check_output (exit 0 required).
    RunResult run(const std::string& command) {
        std::vector<std::string> args;
        std::istringstream words(conn_options_ + " " + command);
        for (std::string w; words >> w;)
            args.push_back(w);
        auto result =
            smpctl_test::run_program(MCUMGR_PATH, args, dir_.path, std::chrono::seconds(120),
                                     {{"HOME", dir_.path.string()}});
        EXPECT_FALSE(result.killed) << "mcumgr hung: " << command;
        EXPECT_EQ(result.code, 0) << command << "\n"
                                  << result.out << result.err << "\nserver output:\n"
                                  << server_->output();
        return result;
    }

    std::vector<HarnessImage> image_list() { return parse_image_list(run("image list").out); }

    // Zephyr resets a moment after it answers, then boots again: ask (mcumgr's own `image
    // list`, one second each) until the listing has `slots` entries.
    void wait_until_listing(std::size_t slots) {
        std::vector<std::string> args;
        std::istringstream words(conn_options_ + " -t 1 image list");
        for (std::string w; words >> w;)
            args.push_back(w);
        for (int attempt = 0; attempt < 60; ++attempt) {
            const auto r =
                smpctl_test::run_program(MCUMGR_PATH, args, dir_.path, std::chrono::seconds(30),
                                         {{"HOME", dir_.path.string()}});
            if (r.code == 0 && parse_image_list(r.out).size() == slots)
                return;
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
        FAIL() << "the device does not list " << slots << " slot(s) after the reset\n"
               << server_->output();
    }

    std::string write_image(const smp::mcuboot::ImageVersion& version) {
        smp::Bytes payload(8 * 1024);
        for (std::size_t i = 0; i < payload.size(); ++i)
            payload[i] = static_cast<std::uint8_t>(i * 5 + i / 9);
        smp::mcuboot::ImageBuildOptions options;
        options.version = version;
        options.header_size = 0x200;
        // Without the RAM_LOAD flag and address MCUboot does not boot it (fixtures README):
        // after the reset the original application runs again. (With them, this payload
        // would be loaded and run, and crash.)
        image_ = smp::mcuboot::build_mcuboot_image(payload, options).value();
        const auto path = (dir_.path / "app.bin").string();
        std::ofstream(path, std::ios::binary)
            .write(reinterpret_cast<const char*>(image_.data()),
                   static_cast<std::streamsize>(image_.size()));
        return path;
    }

    TempDir dir_;
    std::unique_ptr<ZephyrServer> server_{};
    std::string conn_options_{};
    smp::Bytes image_{};
};

TEST_F(McumgrReal, HarnessFlowOnTheMps2McubootAppOverSerial) {
    start("serial_recovery_buf512");
    const auto tap = PtyTap::to_tcp(server_->endpoint().port);
    conn_options_ = "--conntype serial --connstring=" + tap->path();
    EXPECT_EQ(run("version").out, "mcumgr 0.0.0-dev\n");

    const auto before = image_list();
    ASSERT_EQ(before.size(), 1u);
    EXPECT_EQ(before[0].slot, 0);
    EXPECT_EQ(before[0].flags, "active confirmed");
    EXPECT_EQ(before[0].hash.size(), 64u);

    // Version 0.0.3+4: Zephyr names it 0.0.3.4, and mcumgr passes that on.
    const auto path = write_image({0, 0, 3, 4});
    EXPECT_EQ(run("-t 30 image upload " + path + " -e -n 0").out, "Done\n");
    const auto uploaded = image_list();
    ASSERT_EQ(uploaded.size(), 2u);
    EXPECT_EQ(uploaded[1].slot, 1);
    EXPECT_EQ(uploaded[1].version, "0.0.3.4");
    EXPECT_EQ(uploaded[1].hash, smp::to_hex(smp::mcuboot::read_image(image_).value().image.hash));

    // This application's MCUboot mode (RAM_LOAD) has no test or confirm: Zephyr answers rc 8
    // (MGMT_ERR_ENOTSUP), which the Go tool prints as "Error: 8" with exit status 0, so the
    // harness's check_output goes on.
    EXPECT_EQ(run("image test " + uploaded[1].hash).out, "Error: 8\n");

    EXPECT_EQ(run("reset").out, "Done\n");
    wait_until_listing(1);
    // QEMU loads the fixture's original image again at the reset (fixtures README): it runs,
    // and MCUboot has dropped the uploaded one.
    const auto after = image_list();
    ASSERT_EQ(after.size(), 1u);
    EXPECT_EQ(after[0].hash, before[0].hash);
    EXPECT_EQ(after[0].flags, "active confirmed");

    // The harness's image_confirm() without a hash confirms image_list[0].
    EXPECT_EQ(run("image confirm " + after[0].hash).out, "Error: 8\n");
}

// The native_sim UART build (os, stat, settings, shell, enum, zbasic; files over UDP below), its
// PTY given as a bare connstring and in the key=value form: what each command prints from a real
// device.
TEST_F(McumgrReal, NativeSimGroupsOverSerial) {
    start("serial");
    const auto& pty = server_->endpoint().address;
    conn_options_ = "--conntype serial --connstring=dev=" + pty + ",baud=115200";
    EXPECT_EQ(run("echo key-value").out, "key-value\n");
    conn_options_ = "--conntype serial --connstring=" + pty;
    EXPECT_EQ(run("echo bare").out, "bare\n");
    EXPECT_EQ(run("image list").out, "Error: 8\n");  // no image group in this build
    EXPECT_EQ(run("mpstat").out, "Error: 8\n");      // nor memory pool statistics
    EXPECT_EQ(run("stat smp_svr_stats").out.rfind("stat group: smp_svr_stats\n", 0), 0u);
    EXPECT_NE(run("taskstat").out.find(" mcumgr smp "), std::string::npos);
    // smp_svr registers no settings handler: Zephyr refuses every key, and save, and says
    // so to a v1 client with rc 1, which the Go tool printed as mcumgr does.
    EXPECT_EQ(run("config mcumgr/test 42").out, "Error: 1\n");
    EXPECT_EQ(run("config mcumgr/test").out, "Error: 1\n");
    EXPECT_EQ(run("config save").out, "Error: 1\n");
    EXPECT_EQ(run("datetime").out.rfind("Datetime(RFC 3339 format): ", 0), 0u);
}

// UDP servers share port 1337: suites named Udp* are serialised by ctest.
using UdpMcumgrReal = McumgrReal;

TEST_F(UdpMcumgrReal, NativeSimGroupsOverUdp) {
    start("udp");
    conn_options_ = "--conntype udp --connstring=127.0.0.1:1337";
    EXPECT_EQ(run("version").out, "mcumgr 0.0.0-dev\n");
    EXPECT_EQ(run("echo hello").out, "hello\n");
    // This build has no image group: the device's rc 8 (MGMT_ERR_ENOTSUP), exit status 0.
    EXPECT_EQ(run("image list").out, "Error: 8\n");
    EXPECT_NE(run("stat list").out.find("    smp_svr_stats\n"), std::string::npos);
    EXPECT_NE(run("taskstat").out.find("last_checkin next_checkin\n"), std::string::npos);
    const auto shell = run("shell exec -- kernel version").out;
    // Zephyr's shell output has CR LF line breaks; the Go tool prints it as it comes.
    EXPECT_EQ(shell.rfind("status=0\n\r\nZephyr version 4.4.0\r\n", 0), 0u) << shell;
    const auto local = dir_.path / "up.txt";
    std::ofstream(local) << std::string(1500, 'z');
    const auto up = run("fs upload " + local.string() + " /lfs1/up.txt").out;
    EXPECT_TRUE(up.ends_with("1500\nDone\n")) << up;
    const auto back = dir_.path / "back.txt";
    EXPECT_TRUE(run("fs download /lfs1/up.txt " + back.string()).out.ends_with("Done\n"));
    EXPECT_EQ(smpctl_test::read_file(back), std::string(1500, 'z'));
    EXPECT_EQ(run("reset").out, "Done\n");
}

TEST_F(UdpMcumgrReal, Ipv6Connstring) {
    start("udp6");
    conn_options_ = "--conntype udp --connstring=[::1]:1337";
    EXPECT_EQ(run("echo v6").out, "v6\n");
}

}  // namespace
