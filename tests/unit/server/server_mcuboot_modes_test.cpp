// SPDX-License-Identifier: Apache-2.0
// The virtual device per MCUboot mode (DeviceConfig::mcuboot_mode): bootloader info, where
// uploads go, what test/confirm answer, and what a reset boots, as Zephyr's img_mgmt and
// MCUboot's loader.c do (docs/smpsim.md).
#include "unit/server/server_mode_util.hpp"

#include <smp/server/mcuboot_mode.hpp>

namespace {

using smp::cbor::Value;
using smp::os::McubootMode;
using namespace smp_test;

constexpr std::uint32_t ram_load_flag = 0x20;

Value mode_info(smp::server::Device& d) {
    return call(d, smp::os::BootloaderInfo{.query = "mode"}).body;
}

void no_downgrade(smp::server::DeviceConfig& c) {
    c.no_downgrade = true;
}

TEST(ServerMcubootModes, NamesAndNumbersParse) {
    for (int n = 0; n <= 9; ++n) {
        const auto mode = static_cast<McubootMode>(n);
        EXPECT_EQ(smp::server::parse_mcuboot_mode(std::to_string(n)), mode);
        EXPECT_EQ(smp::server::parse_mcuboot_mode(smp::server::mcuboot_mode_name(mode)), mode);
    }
    EXPECT_EQ(smp::server::parse_mcuboot_mode("direct-xip-revert"),
              McubootMode::direct_xip_with_revert);
    EXPECT_EQ(smp::server::parse_mcuboot_mode("swap-move"), McubootMode::swap_using_move);
    for (const char* bad : {"", "10", "-1", "3x", "swap", "unknown"})
        EXPECT_EQ(smp::server::parse_mcuboot_mode(bad), std::nullopt) << bad;
}

TEST(ServerMcubootModes, BootloaderInfoReportsModeAndNoDowngrade) {
    for (int n = 0; n <= 9; ++n) {
        smp::server::Device d(mode_config(static_cast<McubootMode>(n), {}));
        EXPECT_EQ(mode_info(d)["mode"], n);
    }
    smp::server::Device plain(mode_config(McubootMode::swap_using_move, {}));
    EXPECT_EQ(mode_info(plain), (Value{{"mode", 3}}));
    EXPECT_EQ(call(plain, smp::os::BootloaderInfo{}).body, (Value{{"bootloader", "MCUboot"}}));
    ModeDevice guarded(McubootMode::overwrite_only, version(1), no_downgrade);
    EXPECT_EQ(mode_info(guarded.d), (Value{{"mode", 2}, {"no-downgrade", true}}));
    // Kconfig.mcuboot: Direct-XIP modes always select MCUBOOT_BOOTLOADER_NO_DOWNGRADE;
    // single-slot cannot have it.
    smp::server::Device xip(mode_config(McubootMode::direct_xip, {}));
    EXPECT_EQ(mode_info(xip), (Value{{"mode", 4}, {"no-downgrade", true}}));
    ModeDevice single(McubootMode::single_slot, version(1), no_downgrade);
    EXPECT_EQ(mode_info(single.d), (Value{{"mode", 0}}));
}

TEST(ServerMcubootModes, WithoutBootloaderInfoCommandEightIsNotSupported) {
    auto c = mode_config(McubootMode::swap_using_move, {});
    c.bootloader_info = false;
    smp::server::Device d(c);
    EXPECT_EQ(call(d, smp::os::BootloaderInfo{.query = "mode"}).body, (Value{{"rc", 8}}));
    EXPECT_EQ(call(d, smp::os::BootloaderInfo{}).body, (Value{{"rc", 8}}));
}

TEST(ServerMcubootModes, SwapScratchAndOffsetTestRevertsUnlessConfirmed) {
    for (auto mode : {McubootMode::swap_using_scratch, McubootMode::swap_using_offset}) {
        ModeDevice m(mode, version(1));
        auto& d = m.d;
        EXPECT_EQ(upload_image(d, version(2))["off"], version(2).size());
        EXPECT_EQ(summary(d), "0:1.0.0:ac 1:2.0.0:");
        set_state(d, version(2), false);
        EXPECT_EQ(summary(d), "0:1.0.0:ac 1:2.0.0:p");
        d.reset();
        EXPECT_EQ(summary(d), "0:2.0.0:a 1:1.0.0:c");
        d.reset();  // not confirmed: reverted
        EXPECT_EQ(summary(d), "0:1.0.0:ac 1:2.0.0:");
        set_state(d, version(2), false);
        d.reset();
        confirm_running(d);
        d.reset();
        EXPECT_EQ(summary(d), "0:2.0.0:ac 1:1.0.0:");
    }
}

TEST(ServerMcubootModes, NoDowngradeSwapErasesALowerCandidateAtReset) {
    ModeDevice m(McubootMode::swap_using_move, version(2), no_downgrade);
    // img_mgmt accepts the upload (only "upgrade": true makes it check the version)...
    EXPECT_EQ(upload_image(m.d, version(1))["off"], version(1).size());
    set_state(m.d, version(1), true);
    EXPECT_EQ(summary(m.d), "0:2.0.0:ac 1:1.0.0:pP");
    // ...MCUboot's check_downgrade_prevention erases it instead of swapping.
    m.d.reset();
    EXPECT_EQ(summary(m.d), "0:2.0.0:ac");
}

TEST(ServerMcubootModes, OverwriteOnlyCopiesForGoodWithoutRevert) {
    ModeDevice m(McubootMode::overwrite_only, version(1));
    upload_image(m.d, version(2));
    EXPECT_EQ(summary(m.d), "0:1.0.0:ac 1:2.0.0:");
    set_state(m.d, version(2), false);  // test: still a one-way copy
    EXPECT_EQ(summary(m.d), "0:1.0.0:ac 1:2.0.0:p");
    m.d.reset();
    EXPECT_EQ(summary(m.d), "0:2.0.0:ac");
    m.d.reset();  // no revert, nothing to revert to
    EXPECT_EQ(summary(m.d), "0:2.0.0:ac");
    EXPECT_EQ(confirm_running(m.d)["images"].size(), 1u);
}

TEST(ServerMcubootModes, OverwriteOnlyWithNoDowngradeKeepsTheHigherPrimary) {
    ModeDevice m(McubootMode::overwrite_only, version(3), no_downgrade);
    upload_image(m.d, version(2));
    set_state(m.d, version(2), true);
    m.d.reset();
    EXPECT_EQ(summary(m.d), "0:3.0.0:ac");
}

TEST(ServerMcubootModes, DirectXipBootsTheHighestVersionWithoutRevert) {
    ModeDevice m(McubootMode::direct_xip, version(1));
    auto& d = m.d;
    // The upload goes to the slot not running; a higher version is next without a test.
    EXPECT_EQ(upload_image(d, version(2))["off"], version(2).size());
    EXPECT_EQ(summary(d), "0:1.0.0:ac 1:2.0.0:pP");
    EXPECT_EQ(set_state(d, version(2), false), image_error(28));     // IMAGE_ALREADY_PENDING
    EXPECT_EQ(confirm_running(d), image_error(28));                  // a higher image boots next
    EXPECT_EQ(set_state(d, version(1), false), image_error(33));     // test of the running slot
    EXPECT_EQ(set_state(d, version(2), true)["images"].size(), 2u);  // already next: no-op
    d.reset();
    EXPECT_EQ(summary(d), "0:1.0.0: 1:2.0.0:ac");
    d.reset();  // no revert: it stays
    EXPECT_EQ(summary(d), "0:1.0.0: 1:2.0.0:ac");
    EXPECT_EQ(confirm_running(d)["images"].size(), 2u);
    // Running from slot 1, the next upload goes to slot 0.
    upload_image(d, version(3));
    EXPECT_EQ(summary(d), "0:3.0.0:pP 1:2.0.0:ac");
    d.reset();
    EXPECT_EQ(summary(d), "0:3.0.0:ac 1:2.0.0:");
}

TEST(ServerMcubootModes, DirectXipNeverBootsALowerVersion) {
    ModeDevice m(McubootMode::direct_xip, version(2));
    upload_image(m.d, version(1));
    EXPECT_EQ(summary(m.d), "0:2.0.0:ac 1:1.0.0:");
    // The trailer is written (boot_set_next) but MCUboot without revert ignores it.
    EXPECT_EQ(set_state(m.d, version(1), false)["images"].size(), 2u);
    m.d.reset();
    EXPECT_EQ(summary(m.d), "0:2.0.0:ac 1:1.0.0:");
}

TEST(ServerMcubootModes, DirectXipEqualVersionsBootTheLowerSlot) {
    ModeDevice m(McubootMode::direct_xip, version(1));
    upload_image(m.d, version(2));
    m.d.reset();
    ASSERT_EQ(summary(m.d), "0:1.0.0: 1:2.0.0:ac");
    // Same version, other content, into slot 0: MCUboot scans slot 0 first and takes a later
    // slot only when strictly higher, so slot 0 boots next.
    const auto twin = make_image(2, 0, 0, 600, 9);
    upload_image(m.d, twin);
    EXPECT_EQ(summary(m.d), "0:2.0.0:pP 1:2.0.0:ac");
    m.d.reset();
    EXPECT_EQ(image_list(m.d)[0]["hash"].get_binary(),
              smp::cbor::Value::binary_t(image_hash(twin)));
    EXPECT_EQ(summary(m.d), "0:2.0.0:ac 1:2.0.0:");
}

TEST(ServerMcubootModes, DirectXipRunningSlotSurvivesARestart) {
    TempDir dir;
    flash_slot(dir.path, 0, version(1));
    {
        smp::server::Device d(mode_config(McubootMode::direct_xip, dir.path));
        upload_image(d, version(2));
        d.reset();
        d.flush();
    }
    smp::server::Device again(mode_config(McubootMode::direct_xip, dir.path));
    EXPECT_EQ(summary(again), "0:1.0.0: 1:2.0.0:ac");
}

TEST(ServerMcubootModes, DirectXipRevertErasesAnUnmarkedUpload) {
    ModeDevice m(McubootMode::direct_xip_with_revert, version(1));
    upload_image(m.d, version(2));
    EXPECT_EQ(summary(m.d), "0:1.0.0:ac 1:2.0.0:");
    // boot_select_or_erase: the highest version was never marked for boot: erased.
    m.d.reset();
    EXPECT_EQ(summary(m.d), "0:1.0.0:ac");
}

TEST(ServerMcubootModes, DirectXipRevertTestRunsOnceThenReverts) {
    ModeDevice m(McubootMode::direct_xip_with_revert, version(1));
    auto& d = m.d;
    upload_image(d, version(2));
    EXPECT_EQ(set_state(d, version(1), false), image_error(33));
    set_state(d, version(2), false);
    EXPECT_EQ(summary(d), "0:1.0.0:ac 1:2.0.0:p");
    d.reset();
    EXPECT_EQ(summary(d), "0:1.0.0:c 1:2.0.0:a");
    // Both slots are needed now (the running test, and the image a revert returns to).
    EXPECT_EQ(upload_image(d, version(3)), image_error(9));
    d.reset();  // never confirmed: erased, the previous image runs again
    EXPECT_EQ(summary(d), "0:1.0.0:ac");
}

TEST(ServerMcubootModes, DirectXipRevertConfirmedImagesStay) {
    ModeDevice m(McubootMode::direct_xip_with_revert, version(1));
    auto& d = m.d;
    upload_image(d, version(2));
    set_state(d, version(2), false);
    d.reset();
    EXPECT_EQ(confirm_running(d)["images"].size(), 2u);
    EXPECT_EQ(summary(d), "0:1.0.0: 1:2.0.0:ac");
    d.reset();
    EXPECT_EQ(summary(d), "0:1.0.0: 1:2.0.0:ac");
    // confirm (permanent) instead of test: boots for good at once.
    upload_image(d, version(3));
    set_state(d, version(3), true);
    EXPECT_EQ(summary(d), "0:3.0.0:pP 1:2.0.0:ac");
    d.reset();
    d.reset();
    EXPECT_EQ(summary(d), "0:3.0.0:ac 1:2.0.0:");
}

TEST(ServerMcubootModes, RamLoadBootsTheHighestImageBuiltForRamLoad) {
    ModeDevice m(McubootMode::ram_load, version(1, ram_load_flag));
    auto& d = m.d;
    upload_image(d, version(2, ram_load_flag));
    EXPECT_EQ(summary(d), "0:1.0.0:ac 1:2.0.0:pP");
    d.reset();
    EXPECT_EQ(summary(d), "0:1.0.0: 1:2.0.0:ac");
    // ram_load.c: an image without IMAGE_F_RAM_LOAD is removed from flash, the next loads.
    upload_image(d, version(3));
    EXPECT_EQ(summary(d), "0:3.0.0:pP 1:2.0.0:ac");
    d.reset();
    EXPECT_EQ(summary(d), "1:2.0.0:ac");
}

TEST(ServerMcubootModes, SingleSlotApplicationHasNoImageGroup) {
    for (auto mode : {McubootMode::single_slot, McubootMode::single_slot_ram_load}) {
        ModeDevice m(mode, version(1));
        EXPECT_EQ(single_reply(m.d, raw_request(smp::Op::read, 1, 0, Value::object())).body,
                  (Value{{"rc", 8}}));
        EXPECT_EQ(upload_image(m.d, version(2)), (Value{{"rc", 8}}));
    }
}

TEST(ServerMcubootModes, FirmwareLoaderApplicationCannotUpload) {
    ModeDevice m(McubootMode::firmware_loader, version(1));
    EXPECT_EQ(summary(m.d), "0:1.0.0:a");
    EXPECT_EQ(upload_image(m.d, version(2)), image_error(9));
}

}  // namespace
