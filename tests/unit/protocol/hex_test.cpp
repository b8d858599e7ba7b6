// SPDX-License-Identifier: Apache-2.0
// smp::to_hex and smp::hex_digit_value, the hex helpers shared by the Intel HEX reader and
// smpctl's hex arguments.
#include <smp/protocol/bytes.hpp>

#include <gtest/gtest.h>

namespace {

TEST(Hex, DigitValuesInBothCases) {
    EXPECT_EQ(smp::hex_digit_value('0'), 0);
    EXPECT_EQ(smp::hex_digit_value('9'), 9);
    EXPECT_EQ(smp::hex_digit_value('a'), 10);
    EXPECT_EQ(smp::hex_digit_value('f'), 15);
    EXPECT_EQ(smp::hex_digit_value('A'), 10);
    EXPECT_EQ(smp::hex_digit_value('F'), 15);
}

TEST(Hex, NonDigitsAreMinusOne) {
    for (char c : {'g', 'G', '/', ':', '@', '`', ' ', '\0', 'x'})
        EXPECT_EQ(smp::hex_digit_value(c), -1) << "character " << int{c};
}

TEST(Hex, DigitValuesInvertToHex) {
    const smp::Bytes all = {0x00, 0x5a, 0xa5, 0xff};
    const std::string text = smp::to_hex(all);
    ASSERT_EQ(text, "005aa5ff");
    for (std::size_t i = 0; i < all.size(); ++i) {
        const int value =
            smp::hex_digit_value(text[2 * i]) << 4 | smp::hex_digit_value(text[2 * i + 1]);
        EXPECT_EQ(value, all[i]);
    }
}

}  // namespace
