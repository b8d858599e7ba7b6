// SPDX-License-Identifier: Apache-2.0
// What smpctl decides about the device it talks to: smpsim's default device is an
// application running a factory image, and a device without one (--no-factory-image) that
// lists an upload in slot 1 and no active slot is still an application: its pooled buffers
// say so (issue 31), so `upgrade` takes the application's steps.
#include "integration/smpsim_process.hpp"
#include "smpctl/smpctl_process.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace smpctl_test;

class SmpctlIdentityTest : public ::testing::Test {
  protected:
    void start(std::vector<std::string> extra) {
        fs::create_directories(tmp_.path / "state");
        std::vector<std::string> args{"--udp", "127.0.0.1:0", "--state-dir",
                                      (tmp_.path / "state").string()};
        args.insert(args.end(), extra.begin(), extra.end());
        sim_ = std::make_unique<smp_it::SmpsimProcess>(args, 1);
        conn_ = "udp://" + sim_->ready[0]["address"].get<std::string>();
    }

    RunResult ctl(std::vector<std::string> args) {
        args.insert(args.begin(), {"--conn", conn_});
        return run_smpctl(args, tmp_.path);
    }

    std::string make_image(const std::string& version) {
        const auto path = (tmp_.path / ("app-" + version + ".bin")).string();
        const auto r = run_smpctl(
            {"image", "make", "--version", version, "--size", "12000", "--seed", "3", path},
            tmp_.path);
        EXPECT_EQ(r.code, 0) << r.err;
        return path;
    }

    TempDir tmp_;
    std::unique_ptr<smp_it::SmpsimProcess> sim_;
    std::string conn_;
};

TEST_F(SmpctlIdentityTest, TheDefaultDeviceRunsAConfirmedFactoryImage) {
    start({});
    const auto r = ctl({"--json", "image", "list"});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto images = r.doc()["images"];
    ASSERT_EQ(images.size(), 1u) << images.dump();
    EXPECT_EQ(images[0]["slot"], 0);
    EXPECT_EQ(images[0]["version"], "1.0.0");
    EXPECT_TRUE(images[0]["active"].get<bool>());
    EXPECT_TRUE(images[0]["confirmed"].get<bool>());
}

TEST_F(SmpctlIdentityTest, NoFactoryImageLeavesSlotZeroEmpty) {
    start({"--no-factory-image"});
    const auto r = ctl({"--json", "image", "list"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(r.doc()["images"].empty()) << r.out;
}

// The bug issue 31 names: after `image upload` the list shows slot 1 and no active slot;
// `upgrade` took that for MCUboot serial recovery, uploaded "to slot 0", and failed at verify
// with exit 7. The device has 4 pooled buffers, which no recovery has.
TEST_F(SmpctlIdentityTest, UploadThenUpgradeOnADeviceWithoutFactoryImage) {
    start({"--no-factory-image", "--buf-count", "4"});
    const auto app = make_image("2.0.0");
    const auto uploaded = ctl({"--json", "image", "upload", app});
    ASSERT_EQ(uploaded.code, 0) << uploaded.err;
    EXPECT_EQ(uploaded.doc()["device"], "application");
    EXPECT_EQ(uploaded.doc()["upgrade_path"], "test-and-confirm");

    const auto upgraded = ctl({"--json", "upgrade", app, "--reset-settle", "0.3"});
    ASSERT_EQ(upgraded.code, 0) << upgraded.err;
    const auto doc = upgraded.doc();
    EXPECT_EQ(doc["status"], "ok");
    EXPECT_EQ(doc["path"], "test-and-confirm");
    EXPECT_EQ(doc["running"]["version"], "2.0.0");
    EXPECT_TRUE(doc["confirmed"].get<bool>());
}

// smpctl prints Zephyr's spelling of the mode, and smpsim takes it back.
TEST_F(SmpctlIdentityTest, TheModeSmpctlPrintsIsOneSmpsimAccepts) {
    start({"--mcuboot-mode", "swap-using-offset"});
    const auto r = ctl({"--json", "os", "bootloader"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc()["mode_name"], "swap-using-offset");
    EXPECT_EQ(r.doc()["mode"], 9);
    EXPECT_EQ(r.doc()["device"], "application");
}

}  // namespace
