// SPDX-License-Identifier: Apache-2.0
// The CPU-bound personality: each request costs CPU time per KiB, more with requests queued
// behind it (issue 14, the emulated mps2 where a deeper window made every chunk slower).
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

// A slow board (issue 32): any request waiting costs the same, however many wait.
TEST(ServerCpuTime, CountsAtMostTheConfiguredWaitingRequests) {
    auto config = cpu_bound(0.25);  // exact in binary: no rounding in the product
    config.cpu_slowdown_max_waiting = 1;
    smp::server::Device device(config);
    const auto size = static_cast<std::int64_t>(echo(1).size());
    for (std::uint8_t seq = 1; seq <= 3; ++seq)
        ASSERT_EQ(device.receive(echo(seq), 384), smp::server::Admission::accepted);
    // Two waiting, then one, count as one; none waiting costs the base time.
    for (const std::int64_t percent : {125, 125, 100}) {
        auto out = device.process_next(Duration{0});
        ASSERT_EQ(out.responses.size(), 1u);
        EXPECT_EQ(out.busy.count(), size * 100 * percent / 100) << percent;
        device.finish();
    }
}

}  // namespace
