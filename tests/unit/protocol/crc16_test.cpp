// SPDX-License-Identifier: Apache-2.0
#include <smp/protocol/serial/crc16.hpp>

#include <gtest/gtest.h>

#include <random>

namespace {

TEST(Crc16, XmodemCheckValue) {
    // The catalogue check value of CRC-16/XMODEM (shared/protocol.md §5.1).
    EXPECT_EQ(smp::serial::crc16_xmodem(smp::as_bytes("123456789")), 0x31C3);
}

TEST(Crc16, EmptyInputIsInitialValue) {
    EXPECT_EQ(smp::serial::crc16_xmodem({}), 0x0000);
}

TEST(Crc16, WorkedExampleFromProtocolDocument) {
    const smp::Bytes echo{0x0a, 0x00, 0x00, 0x09, 0x00, 0x00, 0x01, 0x00, 0xa1,
                          0x61, 0x64, 0x65, 0x68, 0x65, 0x6c, 0x6c, 0x6f};
    EXPECT_EQ(smp::serial::crc16_xmodem(echo), 0x7A36);
}

TEST(Crc16, ContinuesAcrossPieces) {
    const auto all = smp::as_bytes("123456789");
    const auto first = smp::serial::crc16_xmodem(all.first(4));
    EXPECT_EQ(smp::serial::crc16_xmodem(all.subspan(4), first), 0x31C3);
}

TEST(Crc16, MessageFollowedByItsBigEndianCrcChecksToZero) {
    std::mt19937 rng(7);
    for (int round = 0; round < 100; ++round) {
        smp::Bytes data(rng() % 300);
        for (auto& b : data)
            b = static_cast<std::uint8_t>(rng());
        const auto crc = smp::serial::crc16_xmodem(data);
        data.push_back(static_cast<std::uint8_t>(crc >> 8));
        data.push_back(static_cast<std::uint8_t>(crc));
        EXPECT_EQ(smp::serial::crc16_xmodem(data), 0);
    }
}

TEST(Crc16, DetectsEverySingleBitFlip) {
    smp::Bytes data{0x0a, 0x00, 0x00, 0x01, 0x00, 0x00, 0x01, 0x00, 0xa0};
    const auto crc = smp::serial::crc16_xmodem(data);
    for (std::size_t bit = 0; bit < data.size() * 8; ++bit) {
        auto flipped = data;
        flipped[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
        EXPECT_NE(smp::serial::crc16_xmodem(flipped), crc) << "bit " << bit;
    }
}

}  // namespace
