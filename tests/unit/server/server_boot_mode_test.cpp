// SPDX-License-Identifier: Apache-2.0
// Reset with boot_mode 1 (BOOT_MODE_TYPE_BOOTLOADER, os_mgmt.c with
// CONFIG_MCUMGR_GRP_OS_RESET_BOOT_MODE): the device comes back as MCUboot serial recovery on
// the same flash until the next reset, which boots the application again (boot/zephyr/io.c
// io_detect_boot_mode clears the mode as it enters recovery).
#include "unit/server/server_mode_util.hpp"

namespace {

using smp::cbor::Value;
using smp::os::McubootMode;
using smp::server::Personality;
using namespace smp_test;

// Sends os reset with `payload` and performs the reset it asks for.
void reset_with(smp::server::Device& d, const Value& payload) {
    auto out = d.process(raw_request(smp::Op::write, 0, 5, payload), {});
    ASSERT_TRUE(out.reset);
    d.reset();
}

TEST(ServerBootMode, BootModeOneEntersRecoveryUntilTheNextReset) {
    ModeDevice m(McubootMode::swap_using_move, version(1));
    auto& d = m.d;
    reset_with(d, Value{{"boot_mode", 1}});
    EXPECT_EQ(d.running(), Personality::mcuboot_serial);
    // MCUboot answers: its own params, one buffer, v1 rc for what it lacks.
    EXPECT_EQ(call(d, smp::os::McumgrParams{}).body, (Value{{"buf_size", 1024}, {"buf_count", 1}}));
    EXPECT_EQ(d.pool().count(), 1u);
    EXPECT_EQ(d.buf_size(), 1024u);
    EXPECT_EQ(call(d, smp::os::BootloaderInfo{.query = "mode"}).body, (Value{{"rc", 8}}));
    // An upload in recovery overwrites slot 0 directly.
    const auto v2 = make_image(2, 0, 0, 700, 2);
    EXPECT_EQ(upload_image(d, v2), (Value{{"rc", 0}, {"off", v2.size()}}));
    // Recovery's own reset leaves the bootloader: the application runs the new image.
    reset_with(d, Value::object());
    EXPECT_EQ(d.running(), Personality::zephyr);
    EXPECT_EQ(d.pool().count(), 4u);
    EXPECT_EQ(summary(d), "0:2.0.0:ac");
    EXPECT_EQ(call(d, smp::os::BootloaderInfo{.query = "mode"}).body, (Value{{"mode", 3}}));
}

TEST(ServerBootMode, OtherBootModesResetNormally) {
    smp::server::Device d(mode_config(McubootMode::swap_using_move, {}));
    for (const Value& payload : {Value::object(), Value{{"boot_mode", 0}}, Value{{"boot_mode", 2}},
                                 Value{{"force", true}}}) {
        reset_with(d, payload);
        EXPECT_EQ(d.running(), Personality::zephyr) << payload.dump();
    }
    EXPECT_EQ(single_reply(d, raw_request(smp::Op::write, 0, 5, Value{{"boot_mode", 256}})).body,
              (Value{{"rc", 3}}));
    d.reset();
    EXPECT_EQ(d.running(), Personality::zephyr);
}

TEST(ServerBootMode, MCUbootSwapsBeforeItStaysInRecovery) {
    ModeDevice m(McubootMode::swap_using_move, version(1));
    auto& d = m.d;
    upload_image(d, version(2));
    set_state(d, version(2), false);
    // main.c runs boot_go (the test swap) before io_detect_boot_mode.
    reset_with(d, Value{{"boot_mode", 1}});
    ASSERT_EQ(d.running(), Personality::mcuboot_serial);
    auto listed = image_list(d);
    ASSERT_EQ(listed.size(), 2u);
    EXPECT_EQ(listed[0]["version"], "2.0.0");
    reset_with(d, Value::object());  // unconfirmed test image: reverted by this boot
    EXPECT_EQ(summary(d), "0:1.0.0:ac 1:2.0.0:");
}

TEST(ServerBootMode, SingleSlotIsUpdatedThroughRecovery) {
    ModeDevice m(McubootMode::single_slot, version(1),
                 [](smp::server::DeviceConfig& c) { c.recovery_buf_size = 512; });
    auto& d = m.d;
    reset_with(d, Value{{"boot_mode", 1}});
    EXPECT_EQ(d.buf_size(), 512u);
    upload_image(d, make_image(4, 1, 0, 900, 4));
    reset_with(d, Value{{"boot_mode", 0}});
    ASSERT_EQ(d.running(), Personality::zephyr);
    reset_with(d, Value{{"boot_mode", 1}});  // look at slot 0 from recovery again
    EXPECT_EQ(image_list(d)[0]["version"], "4.1.0");
}

TEST(ServerBootMode, DirectXipRecoveryUploadRunsWhenItIsTheHighest) {
    ModeDevice m(McubootMode::direct_xip_with_revert, version(1));
    auto& d = m.d;
    reset_with(d, Value{{"boot_mode", 1}});
    upload_image(d, version(5));
    reset_with(d, Value::object());
    EXPECT_EQ(summary(d), "0:5.0.0:ac");
    d.reset();  // written by recovery as a confirmed image: no revert
    EXPECT_EQ(summary(d), "0:5.0.0:ac");
}

TEST(ServerBootMode, StartedAsRecoveryStaysRecovery) {
    auto c = mode_config(McubootMode::swap_using_move, {});
    c.personality = Personality::mcuboot_serial;
    c.buf_size = 1024;
    smp::server::Device d(c);
    reset_with(d, Value::object());
    EXPECT_EQ(d.running(), Personality::mcuboot_serial);
    EXPECT_EQ(d.pool().count(), 1u);
}

}  // namespace
