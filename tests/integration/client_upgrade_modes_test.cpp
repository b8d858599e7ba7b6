// SPDX-License-Identifier: Apache-2.0
// smp::upgrade against the real smpsim in each MCUboot mode it models (--mcuboot-mode), with
// a factory image 1.0.0 in slot 0: the routine reads the mode, takes that mode's steps and
// ends with the new image running; what a mode rules out fails before anything is sent; and
// --via-bootloader goes through MCUboot serial recovery (os reset, boot_mode 1).
#include <smp/client/blocking_client.hpp>
#include <smp/client/upgrade.hpp>
#include <smp/mcuboot/image_builder.hpp>
#include <smp/mcuboot/mcuboot_image.hpp>
#include <smp/protocol/messages/image.hpp>

#include <algorithm>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "client_runner.hpp"
#include "factory_image.hpp"
#include "smpsim_udp.hpp"
#include "temp_dir.hpp"
#include "upgrade_support.hpp"

namespace {

using namespace smp;
using namespace std::chrono_literals;

constexpr std::size_t slot_size = 64 * 1024;

// One smpsim in `mode` (plus `extra` options) with the factory image `factory` in slot 0
// (none when empty).
struct ModeDevice {
    ModeDevice(const std::string& mode, const Bytes& factory, std::vector<std::string> extra = {})
        : sim(arguments(mode, factory, std::move(extra)), 1),
          client(smp_it::sim_udp_options(sim), smp_it::ClientRunner::quiet()) {}

    std::vector<std::string> arguments(const std::string& mode, const Bytes& factory,
                                       std::vector<std::string> extra) {
        if (!factory.empty())
            smp_it::flash_slot0(dir.path, factory, slot_size);
        std::vector<std::string> args{"--udp",           "127.0.0.1:0", "--state-dir",
                                      dir.path.string(), "--slot-size", std::to_string(slot_size)};
        if (!mode.empty()) {
            args.push_back("--mcuboot-mode");
            args.push_back(mode);
        }
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
    }

    const image::ImageSlotState* running() {
        list = client.request(image::StateRead{}).value();
        for (const auto& s : list.images)
            if (s.active)
                return &s;
        return nullptr;
    }

    smp_test::TempDir dir{"smp-upgrade-modes-"};
    smp_it::SmpsimProcess sim;
    BlockingClient client;
    image::StateResponse list{};
};

struct Run {
    Result<UpgradeResult> result;
    std::vector<UpgradeEvent> events;
    std::uint64_t uploaded = 0;

    bool said(const std::string& words) const {
        return std::any_of(events.begin(), events.end(), [&](const UpgradeEvent& e) {
            return e.message.find(words) != std::string::npos;
        });
    }
    bool took(UpgradeStep step) const {
        return std::any_of(events.begin(), events.end(),
                           [&](const UpgradeEvent& e) { return e.step == step; });
    }
};

Run upgrade(ModeDevice& device, const Bytes& image,
            UpgradeOptions options = smp_it::fast_upgrade()) {
    Run run{Error{}, {}, 0};
    EXPECT_TRUE(device.client.connect());
    run.result = device.client.upgrade(
        image, options, [&](const UpgradeEvent& e) { run.events.push_back(e); },
        [&](const UploadProgress& p) { run.uploaded = p.bytes; });
    return run;
}

struct ModeCase {
    std::string mode;  ///< smpsim --mcuboot-mode ("" = its default, swap-move)
    std::string path;  ///< UpgradeResult::path
    bool marks_test;   ///< "marking the image for test"
    bool marks_permanent;
    std::uint32_t image_flags;  ///< RAM load takes only images flagged RAM_LOAD
    std::uint32_t running_slot;
};

void PrintTo(const ModeCase& c, std::ostream* out) {
    *out << (c.mode.empty() ? "default" : c.mode) << " -> " << c.path;
}

class UpgradeInMode : public ::testing::TestWithParam<ModeCase> {};

TEST_P(UpgradeInMode, TakesTheModesStepsAndRunsTheNewImage) {
    const auto& c = GetParam();
    ModeDevice device(c.mode, smp_it::versioned_image(1, 4000, c.image_flags));
    const Bytes two = smp_it::versioned_image(2, 9000, c.image_flags);
    const auto run = upgrade(device, two);
    ASSERT_TRUE(run.result) << run.result.error().message();
    EXPECT_EQ(run.result->path, c.path);
    EXPECT_EQ(run.said("marking the image for test"), c.marks_test);
    EXPECT_EQ(run.said("marking the image permanent"), c.marks_permanent);
    EXPECT_TRUE(run.said(c.mode.empty() ? "swap-using-move" : "MCUboot mode"))
        << "the routine does not say which mode it found";
    EXPECT_EQ(run.result->version, "2.0.0");
    EXPECT_TRUE(run.result->confirmed);
    const auto* now = device.running();
    ASSERT_NE(now, nullptr);
    EXPECT_EQ(now->version, "2.0.0");
    EXPECT_EQ(now->slot, c.running_slot);
    EXPECT_EQ(now->hash, mcuboot::parse_mcuboot_image(two)->hash);
}

INSTANTIATE_TEST_SUITE_P(
    Smpsim, UpgradeInMode,
    ::testing::Values(ModeCase{"", "test-and-confirm", true, false, 0, 0},
                      ModeCase{"swap-scratch", "test-and-confirm", true, false, 0, 0},
                      ModeCase{"swap-offset", "test-and-confirm", true, false, 0, 0},
                      ModeCase{"overwrite-only", "overwrite", false, true, 0, 0},
                      ModeCase{"direct-xip", "newest-boots", false, false, 0, 1},
                      ModeCase{"direct-xip-revert", "test-and-confirm", true, false, 0, 1},
                      ModeCase{"ram-load", "newest-boots", false, false, mcuboot::flag_ram_load, 1}),
    [](const auto& test_info) {
        std::string name = test_info.param.mode.empty() ? "swap_move" : test_info.param.mode;
        std::replace(name.begin(), name.end(), '-', '_');
        return name;
    });

// Direct-XIP boots the highest version: an image that is not newer would never run, so the
// routine refuses it before the upload, with its own error.
TEST(UpgradeModes, DirectXipRefusesAnImageThatIsNotNewerBeforeSendingIt) {
    ModeDevice device("direct-xip", smp_it::versioned_image(3, 4000));
    const auto run = upgrade(device, smp_it::versioned_image(2, 5000));
    ASSERT_FALSE(run.result);
    EXPECT_EQ(run.result.error().code, make_error_code(Errc::upgrade_not_possible));
    EXPECT_NE(run.result.error().detail.find("not newer than the running 3.0.0"), std::string::npos)
        << run.result.error().detail;
    EXPECT_EQ(run.uploaded, 0u);
    EXPECT_FALSE(run.took(UpgradeStep::upload));
    ASSERT_NE(device.running(), nullptr);
    EXPECT_EQ(device.running()->version, "3.0.0");
}

// A device whose application cannot take images: the plain upgrade is refused before anything
// is sent, naming --via-bootloader; then the same upgrade through the bootloader.
Run refused_then_via_bootloader(ModeDevice& device, const Bytes& image) {
    const auto refused = upgrade(device, image);
    EXPECT_FALSE(refused.result);
    if (!refused.result) {
        EXPECT_EQ(refused.result.error().code, make_error_code(Errc::upgrade_not_possible));
        EXPECT_NE(refused.result.error().detail.find("--via-bootloader"), std::string::npos)
            << refused.result.error().detail;
    }
    EXPECT_EQ(refused.uploaded, 0u);
    auto options = smp_it::fast_upgrade();
    options.via_bootloader = true;
    return upgrade(device, image, options);
}

// A single-slot application has no image management at all: only the bootloader can take an
// image. Without --via-bootloader the routine says so at once; with it, the device is reset
// into serial recovery, takes the image in slot 0 and runs it after the reset.
TEST(UpgradeModes, SingleSlotNeedsTheBootloaderAndTakesItThroughRecovery) {
    ModeDevice device("single-slot", smp_it::versioned_image(1, 4000));
    const Bytes two = smp_it::versioned_image(2, 9000);
    const auto run = refused_then_via_bootloader(device, two);
    ASSERT_TRUE(run.result) << run.result.error().message();
    EXPECT_TRUE(run.result->through_recovery);
    EXPECT_EQ(run.result->path, "recovery");
    EXPECT_TRUE(run.said("resetting into the bootloader"));
    EXPECT_TRUE(run.said("MCUboot serial recovery answers"));
    EXPECT_FALSE(run.took(UpgradeStep::mark));
    EXPECT_EQ(run.result->version, "2.0.0");
    EXPECT_EQ(run.uploaded, two.size());
    // The single-slot application has no image group: it cannot say what runs.
    EXPECT_FALSE(run.result->verified);
    EXPECT_TRUE(run.said("not verified"));
}

// A firmware-loader device's application does not take images either (smpsim models the
// loader as MCUboot serial recovery, docs/smpsim.md): refused at once, then through the
// bootloader, and this application can list what runs afterwards.
TEST(UpgradeModes, FirmwareLoaderNeedsTheBootloaderToo) {
    ModeDevice device("firmware-loader", smp_it::versioned_image(1, 4000));
    const Bytes two = smp_it::versioned_image(2, 7000);
    const auto run = refused_then_via_bootloader(device, two);
    ASSERT_TRUE(run.result) << run.result.error().message();
    EXPECT_EQ(run.result->path, "recovery");
    EXPECT_TRUE(run.result->verified);
    EXPECT_EQ(run.result->version, "2.0.0");
}

// From a swapping application, --via-bootloader also works: recovery overwrites slot 0.
TEST(UpgradeModes, ViaBootloaderFromASwappingApplication) {
    ModeDevice device("swap-move", smp_it::versioned_image(1, 4000));
    auto options = smp_it::fast_upgrade();
    options.via_bootloader = true;
    const Bytes two = smp_it::versioned_image(2, 7000);
    const auto run = upgrade(device, two, options);
    ASSERT_TRUE(run.result) << run.result.error().message();
    EXPECT_EQ(run.result->path, "recovery");
    EXPECT_FALSE(run.took(UpgradeStep::mark));
    EXPECT_TRUE(run.result->verified);
    const auto* now = device.running();
    ASSERT_NE(now, nullptr);
    EXPECT_EQ(now->slot, 0u);
    EXPECT_EQ(now->hash, mcuboot::parse_mcuboot_image(two)->hash);
}

// A device that does not report its mode (no bootloader info command) gets the safe path,
// and the routine says why.
TEST(UpgradeModes, WithoutBootloaderInfoTheSafePathIsTakenAndExplained) {
    ModeDevice device("swap-move", smp_it::versioned_image(1, 4000), {"--no-bootloader-info"});
    const auto run = upgrade(device, smp_it::versioned_image(2, 6000));
    ASSERT_TRUE(run.result) << run.result.error().message();
    EXPECT_EQ(run.result->path, "test-and-confirm");
    EXPECT_TRUE(run.said("does not say its MCUboot mode"));
    EXPECT_TRUE(run.said("marking the image for test"));
}

// A second image (multi-image, --image 1) takes its mode's steps too, and image 0 is left
// as it was.
TEST(UpgradeModes, TheSecondImageOfAMultiImageDeviceInEachMode) {
    for (const std::string mode : {"swap-move", "overwrite-only"}) {
        SCOPED_TRACE(mode);
        ModeDevice device(mode, smp_it::versioned_image(1, 4000), {"--images", "2"});
        auto options = smp_it::fast_upgrade();
        options.upload.image = 1;
        const Bytes two = smp_it::versioned_image(2, 6000);
        const auto run = upgrade(device, two, options);
        ASSERT_TRUE(run.result) << run.result.error().message();
        EXPECT_EQ(run.result->version, "2.0.0");
        EXPECT_EQ(run.result->path, mode == "swap-move" ? "test-and-confirm" : "overwrite");
        device.running();
        std::map<std::uint32_t, std::string> running;
        for (const auto& s : device.list.images)
            if (s.active)
                running[s.image.value_or(0)] = s.version;
        EXPECT_EQ(running, (std::map<std::uint32_t, std::string>{{0, "1.0.0"}, {1, "2.0.0"}}));
    }
}

// Recovery is told apart from an application also where its list looks like one: built with
// MCUBOOT_SERIAL_IMG_GRP_IMAGE_STATE it flags slot 0 active, and a blank board lists nothing.
// Either way it has no echo and a single buffer.
TEST(UpgradeModes, IdentifyTellsRecoveryWithFlagsAndWithNothingInSlotZero) {
    ModeDevice flagged("", smp_it::versioned_image(1, 4000),
                       {"--recovery", "--recovery-image-state"});
    ASSERT_TRUE(flagged.client.connect());
    auto info = flagged.client.identify();
    ASSERT_TRUE(info) << info.error().message();
    ASSERT_EQ(info->slots.size(), 1u);
    EXPECT_TRUE(info->slots[0].active) << "the image-state option flags slot 0";
    EXPECT_EQ(info->kind, DeviceKind::mcuboot_recovery);

    ModeDevice blank("", Bytes{}, {"--recovery"});
    ASSERT_TRUE(blank.client.connect());
    info = blank.client.identify();
    ASSERT_TRUE(info) << info.error().message();
    EXPECT_TRUE(info->slots.empty());
    EXPECT_EQ(info->kind, DeviceKind::mcuboot_recovery);

    ModeDevice application("", Bytes{});
    ASSERT_TRUE(application.client.connect());
    info = application.client.identify();
    ASSERT_TRUE(info) << info.error().message();
    EXPECT_EQ(info->kind, DeviceKind::application) << "an empty application answers echo";
}

// Nothing in slot 0: after the reset into the bootloader, recovery lists nothing, and the
// routine still knows it reached recovery and puts the image there.
TEST(UpgradeModes, ViaBootloaderWithNothingInSlotZero) {
    ModeDevice device("", Bytes{});
    auto options = smp_it::fast_upgrade();
    options.via_bootloader = true;
    const Bytes one = smp_it::versioned_image(1, 5000);
    const auto run = upgrade(device, one, options);
    ASSERT_TRUE(run.result) << run.result.error().message();
    EXPECT_EQ(run.result->path, "recovery");
    const auto* now = device.running();
    ASSERT_NE(now, nullptr);
    EXPECT_EQ(now->hash, mcuboot::parse_mcuboot_image(one)->hash);
}

}  // namespace
