// SPDX-License-Identifier: Apache-2.0
// The one name table of the MCUboot modes: what smpctl prints (Zephyr's spelling) parses
// back, and so do smpsim's short spellings and the numbers of enum mcuboot_mode.
#include <smp/protocol/messages/mcuboot_mode.hpp>

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace {

using smp::os::McubootMode;
using smp::os::parse_mcuboot_mode;
using smp::os::to_string;

TEST(McubootModeNames, EveryEnumeratorRoundTripsByNameAndNumber) {
    std::set<std::string_view> seen;
    for (int n = -1; n <= 9; ++n) {
        const auto mode = static_cast<McubootMode>(n);
        const auto name = to_string(mode);
        EXPECT_TRUE(seen.insert(name).second) << "two modes named " << name;
        EXPECT_EQ(parse_mcuboot_mode(name), mode) << name;
        if (n >= 0) {
            EXPECT_EQ(parse_mcuboot_mode(std::to_string(n)), mode) << n;
        }
        EXPECT_EQ(smp::os::mcuboot_mode_from_number(n), mode) << n;
    }
}

TEST(McubootModeNames, PrintsZephyrsSpelling) {
    EXPECT_EQ(to_string(McubootMode::single_slot), "single-slot");
    EXPECT_EQ(to_string(McubootMode::swap_using_scratch), "swap-using-scratch");
    EXPECT_EQ(to_string(McubootMode::overwrite_only), "overwrite-only");
    EXPECT_EQ(to_string(McubootMode::swap_using_move), "swap-using-move");
    EXPECT_EQ(to_string(McubootMode::direct_xip), "direct-xip");
    EXPECT_EQ(to_string(McubootMode::direct_xip_with_revert), "direct-xip-with-revert");
    EXPECT_EQ(to_string(McubootMode::ram_load), "ram-load");
    EXPECT_EQ(to_string(McubootMode::firmware_loader), "firmware-loader");
    EXPECT_EQ(to_string(McubootMode::single_slot_ram_load), "single-slot-ram-load");
    EXPECT_EQ(to_string(McubootMode::swap_using_offset), "swap-using-offset");
    EXPECT_EQ(to_string(McubootMode::unknown), "unknown");
    EXPECT_EQ(to_string(static_cast<McubootMode>(42)), "unknown");
}

TEST(McubootModeNames, BothSpellingsParse) {
    EXPECT_EQ(parse_mcuboot_mode("swap-move"), McubootMode::swap_using_move);
    EXPECT_EQ(parse_mcuboot_mode("swap-using-move"), McubootMode::swap_using_move);
    EXPECT_EQ(parse_mcuboot_mode("swap-scratch"), McubootMode::swap_using_scratch);
    EXPECT_EQ(parse_mcuboot_mode("swap-using-scratch"), McubootMode::swap_using_scratch);
    EXPECT_EQ(parse_mcuboot_mode("swap-offset"), McubootMode::swap_using_offset);
    EXPECT_EQ(parse_mcuboot_mode("swap-using-offset"), McubootMode::swap_using_offset);
    EXPECT_EQ(parse_mcuboot_mode("direct-xip-revert"), McubootMode::direct_xip_with_revert);
    EXPECT_EQ(parse_mcuboot_mode("direct-xip-with-revert"), McubootMode::direct_xip_with_revert);
}

TEST(McubootModeNames, RefusesWhatIsNoMode) {
    for (const char* bad : {"", "10", "-1", "3x", " 3", "swap", "Swap-Move", "swap_using_move"})
        EXPECT_EQ(parse_mcuboot_mode(bad), std::nullopt) << bad;
}

TEST(McubootModeNames, ANumberBeyondTheEnumIsUnknown) {
    EXPECT_EQ(smp::os::mcuboot_mode_from_number(10), McubootMode::unknown);
    EXPECT_EQ(smp::os::mcuboot_mode_from_number(-7), McubootMode::unknown);
    EXPECT_EQ(smp::os::mcuboot_mode_from_number(1LL << 40), McubootMode::unknown);
}

}  // namespace
