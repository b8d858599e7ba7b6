// SPDX-License-Identifier: Apache-2.0
#include <smp/protocol/serial/raw_framing.hpp>

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace {

namespace serial = smp::serial;

smp::Bytes message(std::mt19937& rng, std::size_t payload, std::uint8_t op = 2) {
    smp::Bytes payload_bytes(payload);
    for (auto& b : payload_bytes)
        b = static_cast<std::uint8_t>(rng());
    return smp::encode_message(
        {static_cast<smp::Op>(op), smp::Version::v2, 0, 0, 1, static_cast<std::uint8_t>(rng()), 1},
        payload_bytes);
}

std::vector<serial::FrameEvent> drain(serial::RawDecoder& d) {
    std::vector<serial::FrameEvent> out;
    while (auto e = d.next())
        out.push_back(std::move(*e));
    return out;
}

TEST(RawFraming, EncoderIsIdentityForOneWholeMessage) {
    std::mt19937 rng(1);
    const auto m = message(rng, 20);
    EXPECT_EQ(serial::encode_raw_frame(m).value(), m);
    auto short_by_one = m;
    short_by_one.pop_back();
    EXPECT_FALSE(serial::encode_raw_frame(short_by_one));
    EXPECT_FALSE(serial::encode_raw_frame(smp::Bytes{1, 2, 3}));
}

TEST(RawFraming, SplitsBackToBackMessagesAtAnyChunking) {
    std::mt19937 rng(2);
    for (int round = 0; round < 100; ++round) {
        std::vector<smp::Bytes> sent;
        smp::Bytes stream;
        for (int i = 0; i < 5; ++i) {
            sent.push_back(message(rng, rng() % 600));
            stream.insert(stream.end(), sent.back().begin(), sent.back().end());
        }
        serial::RawDecoder decoder;
        std::vector<smp::Bytes> got;
        for (std::size_t pos = 0; pos < stream.size();) {
            const std::size_t n = std::min<std::size_t>(1 + rng() % 300, stream.size() - pos);
            decoder.feed(smp::ByteView(stream).subspan(pos, n));
            pos += n;
            for (auto& e : drain(decoder)) {
                ASSERT_TRUE(e.is_message());
                got.push_back(e.bytes);
            }
        }
        EXPECT_EQ(got, sent);
        EXPECT_EQ(decoder.buffered(), 0u);
    }
}

TEST(RawFraming, DropsGarbageOneByteAtATimeAndReportsItOnce) {
    std::mt19937 rng(3);
    const auto m = message(rng, 10);
    // 0xff has reserved bits set; 0x07 is op 7: neither can start a header.
    smp::Bytes stream{0xff, 0xe0, 0x07, 0x0f};
    stream.insert(stream.end(), m.begin(), m.end());
    serial::RawDecoder decoder;
    decoder.feed(stream);
    const auto events = drain(decoder);
    ASSERT_EQ(events.size(), 2u);
    EXPECT_TRUE(events[0].is_error());
    EXPECT_EQ(events[0].error, serial::FrameError::bad_header);
    EXPECT_EQ(events[0].bytes, (smp::Bytes{0xff, 0xe0, 0x07, 0x0f}));
    EXPECT_EQ(events[1].bytes, m);
}

TEST(RawFraming, OversizeHeaderIsTreatedAsGarbage) {
    std::mt19937 rng(4);
    // The oversize message is built so that no position inside it looks like a valid header
    // (0xff has reserved bits set; 0x00 0x64 0xff 0xff would declare 65535 bytes), so the only
    // way to the next message is dropping byte after byte. (Random bytes can look like a
    // header: the resync rule then yields a spurious message, as documented.)
    const auto big = smp::encode_message(
        {smp::Op::write, smp::Version::v2, 0xff, 0, 0xffff, 0xff, 0xff}, smp::Bytes(100, 0xff));
    const auto small = message(rng, 10);
    serial::RawDecoder decoder(50);
    smp::Bytes stream = big;
    stream.insert(stream.end(), small.begin(), small.end());
    decoder.feed(stream);
    const auto events = drain(decoder);
    ASSERT_FALSE(events.empty());
    EXPECT_TRUE(events.back().is_message());
    EXPECT_EQ(events.back().bytes, small);
    ASSERT_EQ(events.size(), 2u);
    EXPECT_TRUE(events[0].is_error());
    EXPECT_EQ(events[0].bytes, big);
}

TEST(RawFraming, ResetDropsAPartialMessage) {
    std::mt19937 rng(5);
    const auto m = message(rng, 30);
    serial::RawDecoder decoder;
    decoder.feed(smp::ByteView(m).first(12));
    EXPECT_EQ(decoder.buffered(), 12u);
    decoder.reset();
    EXPECT_EQ(decoder.buffered(), 0u);
    decoder.feed(m);
    const auto events = drain(decoder);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].bytes, m);
}

}  // namespace
