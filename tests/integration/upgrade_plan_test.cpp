// SPDX-License-Identifier: Apache-2.0
// smp::plan_upgrade: the steps for every MCUboot mode, for recovery and for a device that
// does not say its mode. A pure function (no device): it lives with the client's tests
// because it is part of the client library.
#include <smp/client/upgrade_plan.hpp>

#include <gtest/gtest.h>

#include <ostream>
#include <string>

namespace {

using namespace smp;
using Mode = os::McubootMode;

DeviceInfo application(std::optional<Mode> mode) {
    DeviceInfo device;
    device.kind = DeviceKind::application;
    if (mode) {
        device.bootloader = "MCUboot";
        device.mcuboot_mode = static_cast<std::int64_t>(*mode);
    }
    return device;
}

struct ModeCase {
    Mode mode;
    UpgradePath path;
    MarkImage mark;
    bool confirm_after_boot;
    bool needs_newer_version;
    const char* words;  ///< the explanation names the mode this way
};

void PrintTo(const ModeCase& c, std::ostream* out) {
    *out << mcuboot_mode_name(static_cast<std::int64_t>(c.mode)) << " -> " << to_string(c.path);
}

class PlanForMode : public ::testing::TestWithParam<ModeCase> {};

TEST_P(PlanForMode, PicksTheStepsOfTheMode) {
    const auto& c = GetParam();
    const auto plan = plan_upgrade(application(c.mode), UpgradeOptions{});
    EXPECT_EQ(plan.path, c.path) << to_string(plan.path);
    EXPECT_EQ(plan.mark, c.mark);
    EXPECT_EQ(plan.confirm_after_boot, c.confirm_after_boot);
    EXPECT_EQ(plan.needs_newer_version, c.needs_newer_version);
    EXPECT_NE(plan.explanation.find(c.words), std::string::npos) << plan.explanation;
    EXPECT_NE(plan.explanation.find(std::to_string(static_cast<int>(c.mode))), std::string::npos)
        << "the explanation does not give the mode's number: " << plan.explanation;
}

INSTANTIATE_TEST_SUITE_P(
    EveryMode, PlanForMode,
    ::testing::Values(ModeCase{Mode::swap_using_scratch, UpgradePath::test_and_confirm,
                               MarkImage::for_test, true, false, "swap-using-scratch"},
                      ModeCase{Mode::swap_using_move, UpgradePath::test_and_confirm,
                               MarkImage::for_test, true, false, "swap-using-move"},
                      ModeCase{Mode::swap_using_offset, UpgradePath::test_and_confirm,
                               MarkImage::for_test, true, false, "swap-using-offset"},
                      ModeCase{Mode::overwrite_only, UpgradePath::overwrite, MarkImage::permanent,
                               false, false, "cannot revert"},
                      ModeCase{Mode::direct_xip, UpgradePath::newest_boots, MarkImage::none, false,
                               true, "highest version"},
                      ModeCase{Mode::ram_load, UpgradePath::newest_boots, MarkImage::none, false,
                               true, "ram-load"},
                      ModeCase{Mode::direct_xip_with_revert, UpgradePath::test_and_confirm,
                               MarkImage::for_test, true, true, "direct-xip-with-revert"},
                      ModeCase{Mode::single_slot, UpgradePath::bootloader_required, MarkImage::none,
                               false, false, "--via-bootloader"},
                      ModeCase{Mode::single_slot_ram_load, UpgradePath::bootloader_required,
                               MarkImage::none, false, false, "single-slot-ram-load"},
                      ModeCase{Mode::firmware_loader, UpgradePath::bootloader_required,
                               MarkImage::none, false, false, "firmware-loader"},
                      ModeCase{Mode::unknown, UpgradePath::test_and_confirm, MarkImage::for_test,
                               true, false, "safe path"}),
    [](const auto& test_info) {
        std::string name(mcuboot_mode_name(static_cast<std::int64_t>(test_info.param.mode)));
        for (auto& ch : name)
            if (ch == '-')
                ch = '_';
        return name;
    });

TEST(UpgradePlan, WithoutBootloaderInfoTheSafePathIsTaken) {
    const auto plan = plan_upgrade(application(std::nullopt), UpgradeOptions{});
    EXPECT_EQ(plan.path, UpgradePath::test_and_confirm);
    EXPECT_EQ(plan.mark, MarkImage::for_test);
    EXPECT_TRUE(plan.confirm_after_boot);
    EXPECT_NE(plan.explanation.find("does not say its MCUboot mode"), std::string::npos);
}

TEST(UpgradePlan, AModeNewerThanTheLibraryTakesTheSafePath) {
    DeviceInfo device = application(std::nullopt);
    device.mcuboot_mode = 42;
    const auto plan = plan_upgrade(device, UpgradeOptions{});
    EXPECT_EQ(plan.path, UpgradePath::test_and_confirm);
    EXPECT_NE(plan.explanation.find("(42)"), std::string::npos) << plan.explanation;
}

TEST(UpgradePlan, SwapHonoursConfirmDirectlyAndTestOnly) {
    UpgradeOptions direct;
    direct.confirm_directly = true;
    const auto permanent = plan_upgrade(application(Mode::swap_using_move), direct);
    EXPECT_EQ(permanent.mark, MarkImage::permanent);
    EXPECT_FALSE(permanent.confirm_after_boot);
    UpgradeOptions test_only;
    test_only.confirm_after_verify = false;
    const auto tested = plan_upgrade(application(Mode::swap_using_move), test_only);
    EXPECT_EQ(tested.mark, MarkImage::for_test);
    EXPECT_FALSE(tested.confirm_after_boot);
}

TEST(UpgradePlan, RecoveryIsItsOwnPathWhateverTheOptions) {
    DeviceInfo recovery;
    recovery.kind = DeviceKind::mcuboot_recovery;
    UpgradeOptions options;
    options.via_bootloader = true;
    options.confirm_directly = true;
    const auto plan = plan_upgrade(recovery, options);
    EXPECT_EQ(plan.path, UpgradePath::recovery);
    EXPECT_EQ(plan.mark, MarkImage::none);
    EXPECT_FALSE(plan.confirm_after_boot);
}

TEST(UpgradePlan, ViaBootloaderOverridesTheApplicationsMode) {
    UpgradeOptions options;
    options.via_bootloader = true;
    for (auto mode : {Mode::swap_using_move, Mode::single_slot, Mode::direct_xip})
        EXPECT_EQ(plan_upgrade(application(mode), options).path, UpgradePath::via_bootloader);
}

TEST(UpgradePlan, PathAndModeNamesAreStable) {
    EXPECT_EQ(to_string(UpgradePath::newest_boots), "newest-boots");
    EXPECT_EQ(to_string(UpgradePath::via_bootloader), "via-bootloader");
    EXPECT_EQ(mcuboot_mode_name(-1), "unknown");
    EXPECT_EQ(mcuboot_mode_name(9), "swap-using-offset");
    EXPECT_EQ(mcuboot_mode_name(77), "unknown");
}

}  // namespace
