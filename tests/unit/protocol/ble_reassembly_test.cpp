// SPDX-License-Identifier: Apache-2.0
#include <smp/protocol/ble/reassembly.hpp>

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace {

namespace ble = smp::ble;

smp::Bytes message(std::mt19937& rng, std::size_t payload) {
    smp::Bytes body(payload);
    for (auto& b : body)
        b = static_cast<std::uint8_t>(rng());
    return smp::encode_message(
        {smp::Op::write_response, smp::Version::v2, 0, 0, 1, static_cast<std::uint8_t>(rng()), 1},
        body);
}

std::vector<smp::Bytes> drain(ble::Reassembler& r) {
    std::vector<smp::Bytes> out;
    while (auto m = r.next())
        out.push_back(std::move(*m));
    return out;
}

smp::Bytes concat(const std::vector<smp::Bytes>& parts) {
    smp::Bytes out;
    for (const auto& p : parts)
        out.insert(out.end(), p.begin(), p.end());
    return out;
}

TEST(BleFragment, PiecesAreMtuMinusThreeAndConcatenateToTheMessage) {
    std::mt19937 rng(1);
    for (const std::size_t mtu : {23u, 185u, 247u, 498u}) {
        const auto m = message(rng, 1000);
        const auto writes = ble::fragment(m, mtu).value();
        ASSERT_EQ(writes.size(), (m.size() + mtu - 4) / (mtu - 3));
        for (std::size_t i = 0; i + 1 < writes.size(); ++i)
            EXPECT_EQ(writes[i].size(), mtu - 3);
        EXPECT_LE(writes.back().size(), mtu - 3);
        EXPECT_EQ(concat(writes), m);
    }
}

TEST(BleFragment, SmallMessageIsOneWriteAndEmptyIsRejected) {
    std::mt19937 rng(2);
    const auto m = message(rng, 12);
    EXPECT_EQ(ble::fragment(m, 23).value(), std::vector<smp::Bytes>{m});
    const auto empty = ble::fragment({}, 23);
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().code, smp::Errc::invalid_argument);
}

TEST(BleFragment, MtuBelowTheLeMinimumUsesTheMinimum) {
    EXPECT_EQ(ble::max_value_size(0), 20u);
    EXPECT_EQ(ble::max_value_size(23), 20u);
    EXPECT_EQ(ble::max_value_size(247), 244u);
}

TEST(BleReassembler, OneMessagePerNotificationSetAtEveryMtu) {
    std::mt19937 rng(3);
    for (const std::size_t mtu : {23u, 185u, 247u, 498u}) {
        ble::Reassembler r;
        const auto m = message(rng, 700);
        const auto notifications = ble::fragment(m, mtu).value();
        for (std::size_t i = 0; i < notifications.size(); ++i) {
            ASSERT_TRUE(r.feed(notifications[i]));
            EXPECT_EQ(r.has_message(), i + 1 == notifications.size());
        }
        EXPECT_EQ(drain(r), std::vector<smp::Bytes>{m});
        EXPECT_EQ(r.buffered(), 0u);
    }
}

TEST(BleReassembler, RandomSplitsIncludingSplitHeadersAndSharedNotifications) {
    std::mt19937 rng(4);
    for (int round = 0; round < 200; ++round) {
        std::vector<smp::Bytes> sent;
        for (int i = 0; i < 4; ++i)
            sent.push_back(message(rng, rng() % 800));
        const auto stream = concat(sent);
        ble::Reassembler r;
        std::vector<smp::Bytes> got;
        for (std::size_t pos = 0; pos < stream.size();) {
            const std::size_t n = std::min<std::size_t>(1 + rng() % 40, stream.size() - pos);
            ASSERT_TRUE(r.feed(smp::ByteView(stream).subspan(pos, n)));
            pos += n;
            for (auto& m : drain(r))
                got.push_back(std::move(m));
        }
        EXPECT_EQ(got, sent);
        EXPECT_EQ(r.buffered(), 0u);
    }
}

TEST(BleReassembler, EmptyPayloadMessageIsJustAHeader) {
    std::mt19937 rng(5);
    ble::Reassembler r;
    const auto m = message(rng, 0);
    ASSERT_TRUE(r.feed(smp::ByteView(m).first(5)));
    EXPECT_FALSE(r.has_message());
    ASSERT_TRUE(r.feed(smp::ByteView(m).subspan(5)));
    EXPECT_EQ(drain(r), std::vector<smp::Bytes>{m});
}

TEST(BleReassembler, BadHeaderDropsTheBufferAndRecoversAtTheNextNotification) {
    std::mt19937 rng(6);
    ble::Reassembler r;
    smp::Bytes garbage(20, 0xff);  // reserved bits set
    const auto status = r.feed(garbage);
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().code, smp::Errc::decode_error);
    EXPECT_NE(status.error().detail.find("ffffffff"), std::string::npos);
    EXPECT_EQ(r.buffered(), 0u);
    const auto m = message(rng, 30);
    ASSERT_TRUE(r.feed(m));
    EXPECT_EQ(drain(r), std::vector<smp::Bytes>{m});
}

TEST(BleReassembler, OversizeMessageIsSkippedAndTheNextOneDelivered) {
    std::mt19937 rng(7);
    ble::Reassembler r(100);
    const auto big = message(rng, 200);
    const auto small = message(rng, 10);
    const auto pieces = ble::fragment(big, 23).value();
    const auto first = r.feed(pieces[0]);
    ASSERT_FALSE(first);
    EXPECT_EQ(first.error().code, smp::Errc::message_too_large);
    EXPECT_NE(first.error().detail.find("208"), std::string::npos);
    EXPECT_EQ(r.skipping(), big.size() - 20);
    for (std::size_t i = 1; i < pieces.size(); ++i)
        ASSERT_TRUE(r.feed(pieces[i]));
    EXPECT_EQ(r.skipping(), 0u);
    ASSERT_TRUE(r.feed(small));
    EXPECT_EQ(drain(r), std::vector<smp::Bytes>{small});
}

TEST(BleReassembler, OversizeFollowedByAMessageInTheSamePayload) {
    std::mt19937 rng(8);
    ble::Reassembler r(50);
    const auto big = message(rng, 60);
    const auto small = message(rng, 5);
    auto both = big;
    both.insert(both.end(), small.begin(), small.end());
    const auto status = r.feed(both);
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().code, smp::Errc::message_too_large);
    EXPECT_EQ(drain(r), std::vector<smp::Bytes>{small});
}

TEST(BleReassembler, MessageAtExactlyTheLimitIsAccepted) {
    std::mt19937 rng(9);
    ble::Reassembler r(108);
    const auto m = message(rng, 100);
    ASSERT_TRUE(r.feed(m));
    EXPECT_EQ(drain(r), std::vector<smp::Bytes>{m});
}

TEST(BleReassembler, ResetForgetsThePartialMessage) {
    std::mt19937 rng(10);
    ble::Reassembler r;
    const auto m = message(rng, 50);
    ASSERT_TRUE(r.feed(smp::ByteView(m).first(20)));
    EXPECT_EQ(r.buffered(), 20u);
    r.reset();
    EXPECT_EQ(r.buffered(), 0u);
    ASSERT_TRUE(r.feed(m));
    EXPECT_EQ(drain(r), std::vector<smp::Bytes>{m});
}

}  // namespace
