// SPDX-License-Identifier: Apache-2.0
// Paced writing (SerialLinkOptions::pace_baud_rate): the pieces a frame is written in and the
// time each takes at the given rate. The effect on a real device is tested against Zephyr's
// native_sim UART build in tests/zephyr/pacing_test.cpp.
#include "transport/serial_link.hpp"

#include <smp/protocol/serial/framing.hpp>

#include <gtest/gtest.h>

#include <chrono>

namespace {

smp::Bytes message_of(std::size_t size) {
    smp::Bytes message(size, 0x41);
    message[0] = 0x0a;  // SMP v2 write
    message[1] = 0;
    message[2] = static_cast<std::uint8_t>((size - 8) >> 8);
    message[3] = static_cast<std::uint8_t>(size - 8);
    return message;
}

TEST(SerialLinkPacing, EncodedFramesArePacedOneLineAtATime) {
    smp::detail::SerialLink link({.pace_baud_rate = 115200});
    const auto frame = link.encode(message_of(380));
    std::size_t at = 0;
    std::size_t pieces = 0;
    while (at < frame.size()) {
        const auto piece = link.paced_piece(smp::ByteView(frame).subspan(at));
        ASSERT_GT(piece, 0u);
        EXPECT_LE(piece, 128u) << "a piece longer than the device's line buffer";
        EXPECT_EQ(frame[at + piece - 1], '\n') << "a piece that is not a whole line";
        at += piece;
        ++pieces;
    }
    EXPECT_EQ(pieces, 5u);  // 380 bytes + length and CRC, base64, in 124-character lines
}

TEST(SerialLinkPacing, RawFramesArePacedInLineSizedPieces) {
    smp::detail::SerialLink link({.framing = smp::SerialFraming::raw, .pace_baud_rate = 9600});
    const auto frame = link.encode(message_of(300));
    EXPECT_EQ(link.paced_piece(frame), 128u);
    EXPECT_EQ(link.paced_piece(smp::ByteView(frame).subspan(256)), 44u);
}

TEST(SerialLinkPacing, APieceTakesTenBitsPerByteAtTheRate) {
    smp::detail::SerialLink link({.pace_baud_rate = 115200});
    EXPECT_EQ(link.paced_duration(128), std::chrono::nanoseconds(11'111'111));
    EXPECT_EQ(link.paced_duration(0), std::chrono::nanoseconds(0));
    smp::detail::SerialLink unpaced({});
    EXPECT_FALSE(unpaced.pace_baud_rate());
    EXPECT_EQ(unpaced.paced_duration(128), std::chrono::nanoseconds(0));
}

TEST(SerialLinkPacing, OnlyANamedStrategyIsExplicit) {
    EXPECT_FALSE(smp::detail::SerialLink({}).explicit_strategy());
    EXPECT_TRUE(
        smp::detail::SerialLink({.fragmentation = smp::serial::BufferSize{.buf_size = 1024}})
            .explicit_strategy());
    EXPECT_TRUE(smp::detail::SerialLink({.fragmentation = smp::serial::BufferParams{128, 4}})
                    .explicit_strategy());
}

}  // namespace
