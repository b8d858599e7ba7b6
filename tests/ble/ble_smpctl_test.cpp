// SPDX-License-Identifier: Apache-2.0
// smpctl over ble:// against the fake BlueZ: the tool end to end on the BLE transport, with
// the link lost in the middle of an upgrade's upload.
#include "ble_rig.hpp"
#include "smpctl/smpctl_process.hpp"

#include <smp/mcuboot/image_builder.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

namespace {

using smpctl_test::run_smpctl;
using smpctl_test::TempDir;

const std::string device = "ble://C0:FF:EE:00:00:01";

std::string write_image(const TempDir& dir, std::uint8_t major) {
    smp::Bytes payload(6000);
    for (std::size_t i = 0; i < payload.size(); ++i)
        payload[i] = static_cast<std::uint8_t>(i * 7 + major);
    smp::mcuboot::ImageBuildOptions options;
    options.version = smp::mcuboot::ImageVersion{.major = major};
    const auto image = smp::mcuboot::build_mcuboot_image(payload, options).value();
    const auto path = (dir.path / "app.bin").string();
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(image.data()),
               static_cast<std::streamsize>(image.size()));
    return path;
}

std::vector<std::string> rig_args(const TempDir& state) {
    return {"--mtu", "247", "--state-dir", (state.path / "device").string(), "--drop-after", "12"};
}

TEST(BleSmpctl, UpgradeConnectsAgainWhenTheLinkIsLostAndResumesTheUpload) {
    TempDir dir;
    std::filesystem::create_directory(dir.path / "device");
    smp_ble_test::BleRig rig(rig_args(dir));
    const auto image = write_image(dir, 2);
    const auto r = run_smpctl(
        {"--conn", device, "--json", "upgrade", image, "--reset-settle", "0.3"}, dir.path);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_FALSE(r.killed);
    const auto doc = r.doc();
    EXPECT_EQ(doc["status"], "ok") << r.out;
    EXPECT_EQ(doc["running"]["version"], "2.0.0") << r.out;
    EXPECT_EQ(doc["confirmed"], true) << r.out;
    // The lost link and the reconnect are told as news of the upload step.
    EXPECT_NE(r.err.find("link lost"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("connecting again to resume the upload (1 of 3)"), std::string::npos)
        << r.err;
}

TEST(BleSmpctl, UpgradeWithoutUploadReconnectsFailsBeforeMarkingAnything) {
    TempDir dir;
    std::filesystem::create_directory(dir.path / "device");
    smp_ble_test::BleRig rig(rig_args(dir));
    const auto image = write_image(dir, 2);
    const auto r =
        run_smpctl({"--conn", device, "upgrade", image, "--upload-reconnects", "0"}, dir.path);
    EXPECT_NE(r.code, 0);
    EXPECT_FALSE(r.killed);
    EXPECT_NE(r.err.find("upgrade failed at upload"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("link lost"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("nothing was marked for test"), std::string::npos) << r.err;
}

}  // namespace
