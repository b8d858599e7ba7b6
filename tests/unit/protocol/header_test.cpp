// SPDX-License-Identifier: Apache-2.0
#include <smp/protocol/header.hpp>

#include <gtest/gtest.h>

#include <random>

namespace {

TEST(Header, EncodesV2WriteRequestAsInTheProtocolDocument) {
    // shared/protocol.md §5.1 worked example: v2 echo request, seq 1, 9-byte payload.
    const smp::Header h{smp::Op::write, smp::Version::v2, 0, 9, 0, 1, 0};
    const auto bytes = smp::encode_header(h);
    const std::array<std::uint8_t, 8> expected{0x0a, 0x00, 0x00, 0x09, 0x00, 0x00, 0x01, 0x00};
    EXPECT_EQ(bytes, expected);
}

TEST(Header, FirstByteCombinesVersionAndOp) {
    EXPECT_EQ(smp::encode_header({smp::Op::read, smp::Version::v1})[0], 0x00);
    EXPECT_EQ(smp::encode_header({smp::Op::write, smp::Version::v1})[0], 0x02);
    EXPECT_EQ(smp::encode_header({smp::Op::write, smp::Version::v2})[0], 0x0a);
    EXPECT_EQ(smp::encode_header({smp::Op::write_response, smp::Version::v2})[0], 0x0b);
    EXPECT_EQ(smp::encode_header({smp::Op::read_response, smp::Version::v2})[0], 0x09);
}

TEST(Header, FieldsAreBigEndian) {
    const smp::Header h{smp::Op::read, smp::Version::v1, 0, 0x1234, 0xabcd, 0x7f, 0x42};
    const auto b = smp::encode_header(h);
    EXPECT_EQ(b[2], 0x12);
    EXPECT_EQ(b[3], 0x34);
    EXPECT_EQ(b[4], 0xab);
    EXPECT_EQ(b[5], 0xcd);
    EXPECT_EQ(b[6], 0x7f);
    EXPECT_EQ(b[7], 0x42);
}

TEST(Header, DecodeRejectsShortInputAndReservedBits) {
    const std::uint8_t short_input[7] = {};
    EXPECT_FALSE(smp::decode_header(short_input).has_value());
    const std::uint8_t reserved[8] = {0x20, 0, 0, 0, 0, 0, 0, 0};
    EXPECT_FALSE(smp::decode_header(reserved).has_value());
}

TEST(Header, DecodeKeepsReservedVersionValues) {
    const std::uint8_t v3[8] = {0x18, 0, 0, 0, 0, 0, 0, 0};
    auto h = smp::decode_header(v3);
    ASSERT_TRUE(h);
    EXPECT_EQ(static_cast<int>(h->version), 3);
}

TEST(Header, EncodeDecodeIsIdentityForRandomHeaders) {
    std::mt19937 rng(1234);
    for (int i = 0; i < 10000; ++i) {
        smp::Header h;
        h.op = static_cast<smp::Op>(rng() % 8);
        h.version = static_cast<smp::Version>(rng() % 4);
        h.flags = static_cast<std::uint8_t>(rng());
        h.length = static_cast<std::uint16_t>(rng());
        h.group = static_cast<std::uint16_t>(rng());
        h.sequence = static_cast<std::uint8_t>(rng());
        h.command = static_cast<std::uint8_t>(rng());
        const auto bytes = smp::encode_header(h);
        auto back = smp::decode_header(bytes);
        ASSERT_TRUE(back);
        EXPECT_EQ(*back, h);
    }
}

TEST(Message, DecodeSplitsOneMessageAndReportsConsumed) {
    const std::uint8_t payload[] = {0xa0};
    auto bytes = smp::encode_message({smp::Op::read, smp::Version::v2, 0, 0, 1, 2, 3}, payload);
    bytes.push_back(0xee);  // start of a following message
    std::size_t consumed = 0;
    auto m = smp::decode_message(bytes, &consumed);
    ASSERT_TRUE(m);
    EXPECT_EQ(consumed, 9u);
    EXPECT_EQ(m->header.length, 1u);
    EXPECT_EQ(m->payload, smp::Bytes{0xa0});
}

TEST(Message, DecodeRejectsPayloadShorterThanLength) {
    const std::uint8_t bytes[] = {0x0b, 0, 0, 5, 0, 0, 0, 0, 0xa0};
    EXPECT_FALSE(smp::decode_message(bytes).has_value());
}

}  // namespace
