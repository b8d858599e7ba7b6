// SPDX-License-Identifier: Apache-2.0
// The CPU-bound personality: each request costs CPU time per KiB, more with requests queued
// behind it (issue 14, the emulated mps2 where a deeper window made every chunk slower), or
// with any request overlapping its work (issue 32, a slow board).
#include <smp/protocol/messages/os.hpp>
#include <smp/server/device.hpp>

#include <gtest/gtest.h>

namespace {

using smp::server::Duration;

smp::Bytes echo(std::uint8_t seq) {
    return smp::encode_request(smp::os::Echo{.d = std::string(200, 'x')}, seq);
}

smp::server::DeviceConfig cpu_bound(double slowdown) {
    smp::server::DeviceConfig config;
    config.buf_size = 384;
    config.buf_count = 4;
    config.cpu_per_kb = std::chrono::microseconds(102400);  // 100 us per byte
    config.cpu_slowdown_per_waiting = slowdown;
    return config;
}

TEST(ServerCpuTime, NoneUnlessConfigured) {
    smp::server::Device device(smp::server::DeviceConfig{});
    ASSERT_EQ(device.receive(echo(1), 384), smp::server::Admission::accepted);
    EXPECT_EQ(device.process_next(Duration{0}).busy, Duration{0});
}

TEST(ServerCpuTime, GrowsWithTheRequestAndWithRequestsWaiting) {
    smp::server::Device device(cpu_bound(0.05));
    const auto size = static_cast<std::int64_t>(echo(1).size());
    for (std::uint8_t seq = 1; seq <= 3; ++seq)
        ASSERT_EQ(device.receive(echo(seq), 384), smp::server::Admission::accepted);
    // Two waiting behind the first, one behind the second, none behind the third.
    for (std::int64_t waiting = 2; waiting >= 0; --waiting) {
        auto out = device.process_next(Duration{0});
        ASSERT_EQ(out.responses.size(), 1u);
        EXPECT_EQ(out.busy.count(), size * 100 * (100 + 5 * waiting) / 100) << waiting;
        device.finish();
    }
}

}  // namespace

namespace {

// A slow board (issue 32): a request whose work overlaps another, waiting when it starts or
// arriving during it, owes 1 + cpu_overlap_slowdown of its CPU time, once, however many.
smp::server::DeviceConfig slow_board() {
    auto config = cpu_bound(0);
    config.cpu_overlap_slowdown = 0.25;  // exact in binary: no rounding in the product
    return config;
}

TEST(ServerCpuTime, ARequestArrivingDuringTheWorkCostsTheOverlapOnce) {
    smp::server::Device device(slow_board());
    const auto size = static_cast<std::int64_t>(echo(1).size());
    ASSERT_EQ(device.receive(echo(1), 384), smp::server::Admission::accepted);
    const auto out = device.process_next(Duration{0});
    EXPECT_EQ(out.cpu.count(), size * 100);
    EXPECT_EQ(out.busy, out.cpu);
    EXPECT_EQ(device.overlap_work(out), Duration{0}) << "alone so far";
    ASSERT_EQ(device.receive(echo(2), 384), smp::server::Admission::accepted);
    ASSERT_EQ(device.receive(echo(3), 384), smp::server::Admission::accepted);
    EXPECT_EQ(device.overlap_work(out).count(), size * 25) << "two arrived: charged as one";
    EXPECT_EQ(device.overlap_work(out), Duration{0}) << "charged once";
    device.finish();
}

TEST(ServerCpuTime, ARequestWaitingWhenTheWorkStartsCostsTheOverlap) {
    smp::server::Device device(slow_board());
    const auto size = static_cast<std::int64_t>(echo(1).size());
    ASSERT_EQ(device.receive(echo(1), 384), smp::server::Admission::accepted);
    ASSERT_EQ(device.receive(echo(2), 384), smp::server::Admission::accepted);
    const auto first = device.process_next(Duration{0});
    EXPECT_EQ(device.overlap_work(first).count(), size * 25);
    device.finish();
    // The second starts with nothing waiting and nothing arrives: the base time only.
    const auto second = device.process_next(Duration{0});
    EXPECT_EQ(device.overlap_work(second), Duration{0});
    device.finish();
}

TEST(ServerCpuTime, NoOverlapWorkWithoutTheOption) {
    smp::server::Device device(cpu_bound(0));
    ASSERT_EQ(device.receive(echo(1), 384), smp::server::Admission::accepted);
    ASSERT_EQ(device.receive(echo(2), 384), smp::server::Admission::accepted);
    const auto out = device.process_next(Duration{0});
    EXPECT_GT(out.cpu.count(), 0);
    EXPECT_EQ(device.overlap_work(out), Duration{0});
    device.finish();
}

}  // namespace
