// SPDX-License-Identifier: Apache-2.0
// The seeded fault injector of smp::server.
#include <smp/server/fault_injector.hpp>

#include <gtest/gtest.h>

namespace {

using smp::server::FaultInjector;
using smp::server::LinkConfig;

std::vector<bool> drops(const LinkConfig& link, int n) {
    FaultInjector f(link);
    std::vector<bool> out;
    for (int i = 0; i < n; ++i)
        out.push_back(f.decide(10).drop);
    return out;
}

TEST(FaultInjector, NoFaultsByDefault) {
    FaultInjector f(LinkConfig{});
    EXPECT_FALSE(f.enabled());
    for (int i = 0; i < 100; ++i)
        EXPECT_TRUE(f.decide(20).clean());
}

TEST(FaultInjector, SameSeedSameVerdicts) {
    LinkConfig link;
    link.loss = 0.5;
    link.seed = 42;
    EXPECT_EQ(drops(link, 200), drops(link, 200));
    link.seed = 43;
    auto other = drops(link, 200);
    link.seed = 42;
    EXPECT_NE(drops(link, 200), other);
}

TEST(FaultInjector, LossRateRoughlyAsConfigured) {
    LinkConfig link;
    link.loss = 0.3;
    auto d = drops(link, 2000);
    const auto lost = std::count(d.begin(), d.end(), true);
    EXPECT_GT(lost, 450);
    EXPECT_LT(lost, 750);
    link.loss = 1.0;
    d = drops(link, 50);
    EXPECT_EQ(std::count(d.begin(), d.end(), true), 50);
}

TEST(FaultInjector, CorruptionFlipsExactlyOneBitOfOneByte) {
    LinkConfig link;
    link.corrupt = 1.0;
    FaultInjector f(link);
    for (int i = 0; i < 50; ++i) {
        smp::Bytes packet(17, 0x55);
        const auto v = f.decide(packet.size());
        ASSERT_TRUE(v.corrupt_at);
        FaultInjector::corrupt(packet, v);
        int changed_bits = 0;
        for (auto b : packet)
            changed_bits += __builtin_popcount(static_cast<unsigned>(b ^ 0x55));
        EXPECT_EQ(changed_bits, 1);
    }
}

TEST(FaultInjector, DuplicateAndReorder) {
    LinkConfig link;
    link.dup = 1.0;
    link.reorder = 1.0;
    FaultInjector f(link);
    const auto v = f.decide(8);
    EXPECT_TRUE(v.duplicate);
    EXPECT_TRUE(v.hold_back);
    EXPECT_FALSE(v.drop);
}

TEST(FaultInjector, SerialTimeIsTenBitsPerByte) {
    EXPECT_EQ(smp::server::serial_time(115200, 115200), std::chrono::seconds(10));
    EXPECT_EQ(smp::server::serial_time(96, 9600), std::chrono::milliseconds(100));
    EXPECT_EQ(smp::server::serial_time(1000, 0), std::chrono::microseconds(0));
}

}  // namespace
