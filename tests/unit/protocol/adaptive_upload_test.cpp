// SPDX-License-Identifier: Apache-2.0
// The adaptive window through the whole upload machine, against devices and links with time
// (tests/support/timed_upload_sim.hpp), one regime per test. Each run is compared with every
// fixed window 1..cap on the same simulated path: the adaptive window must come within 3% of
// the best of them (issue 14), whichever window that is.
#include <smp/protocol/upload/upload_machine.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <numeric>
#include <sstream>
#include <string>

#include "support/timed_upload_sim.hpp"

namespace {

using namespace smp;
using namespace smp::upload;
using namespace std::chrono_literals;
using test::TimedPath;

constexpr std::size_t cap = 3;  // Zephyr's default 4 buffers

// UDP with a 20 ms round trip, flash at 500 us per KiB (docs/benchmarks.md's rows).
const TimedPath udp_20ms{.latency = 10ms, .per_kib = 500us};
// A 115200 baud UART: 11520 bytes/s of request line (answers are small).
const TimedPath serial_115200{.line_bytes_per_s = 11520, .per_kib = 500us};
// The emulated mps2 (issue 14): ~93 ms of CPU per KiB, each queued request 5% slower.
const TimedPath cpu_bound{.latency = 1ms, .per_kib = 93ms, .slowdown_per_waiting = 0.05};

struct Runs {
    test::TimedRun adaptive;
    std::vector<double> fixed_seconds;  ///< [w - 1]: window w fixed
    double best_fixed() const {
        return *std::min_element(fixed_seconds.begin(), fixed_seconds.end());
    }
};

test::TimedRun run(const Bytes& image, std::size_t budget, std::size_t window, bool adaptive,
                   TimedPath path, unsigned seed = 1,
                   std::optional<std::pair<double, TimedPath>> change = {},
                   bool tail_probe = true) {
    test::TimedUploadSim sim(path, seed);
    if (change)
        sim.change_at(change->first, change->second);
    UploadParams p;
    p.message_budget = budget;
    p.window = window;
    p.adaptive = adaptive;
    p.max_sends_per_chunk = 20;
    // Shorter than the defaults (2 s, 20 s), so that a lost first or last chunk does not
    // outweigh everything the window does; still above every round trip simulated here.
    p.chunk_timeout = 1s;
    p.first_chunk_timeout = 2s;
    // As the client sets it: every window here is below the device's 4 buffers.
    p.tail_probe = tail_probe;
    auto r = sim.run(image, p);
    EXPECT_FALSE(r.done.error) << r.done.error->message();
    EXPECT_EQ(r.done.match, true);
    EXPECT_EQ(sim.device.slot, image);
    return r;
}

Runs compare(const Bytes& image, std::size_t budget, TimedPath path,
             std::optional<std::pair<double, TimedPath>> change = {}) {
    Runs runs{run(image, budget, cap, true, path, 1, change), {}};
    for (std::size_t w = 1; w <= cap; ++w)
        runs.fixed_seconds.push_back(run(image, budget, w, false, path, 1, change).seconds);
    return runs;
}

// Totals over `seeds` noisy runs of each: the adaptive window and every fixed one.
struct SeedTotals {
    double adaptive = 0;
    std::vector<double> fixed_seconds = std::vector<double>(cap);
    double best_fixed() const {
        return *std::min_element(fixed_seconds.begin(), fixed_seconds.end());
    }
    std::string describe() const {
        // A stream, not string operator+: g++ 12 -O3 warns falsely (-Warray-bounds) there.
        std::ostringstream out;
        for (std::size_t w = 1; w <= cap; ++w)
            out << "w" << w << " " << fixed_seconds[w - 1] << " s, ";
        out << "auto " << adaptive << " s";
        return out.str();
    }
};

SeedTotals over_seeds(const Bytes& image, const TimedPath& path, unsigned seeds) {
    SeedTotals t;
    for (unsigned seed = 1; seed <= seeds; ++seed) {
        t.adaptive += run(image, 1024, cap, true, path, seed).seconds;
        for (std::size_t w = 1; w <= cap; ++w)
            t.fixed_seconds[w - 1] += run(image, 1024, w, false, path, seed).seconds;
    }
    return t;
}

double share_at_most(const std::vector<std::size_t>& windows, std::size_t w, std::size_t from) {
    const auto n = std::count_if(windows.begin() + static_cast<long>(from), windows.end(),
                                 [&](std::size_t x) { return x <= w; });
    return static_cast<double>(n) / static_cast<double>(windows.size() - from);
}

TEST(AdaptiveUpload, LinkBoundKeepsTheGainOfTheDeepestWindow) {
    const Bytes image = test::test_image(256 * 1024);
    auto r = compare(image, 2048, udp_20ms);
    EXPECT_LE(r.adaptive.seconds, r.best_fixed() / 0.97);
    EXPECT_GE(r.fixed_seconds[0] / r.adaptive.seconds, 2.7) << "UDP 20 ms: >= 2.7x window 1";
    EXPECT_EQ(r.adaptive.windows.back(), cap);
}

TEST(AdaptiveUpload, SerialLineStaysAtTheLinkLimit) {
    const Bytes image = test::test_image(64 * 1024);
    auto r = compare(image, 2048, serial_115200);
    EXPECT_LE(r.adaptive.seconds, r.best_fixed() / 0.97);
    // The line's limit: every request byte at line rate, back to back.
    EXPECT_LE(r.adaptive.seconds, r.fixed_seconds[cap - 1] / 0.95);
}

TEST(AdaptiveUpload, CpuBoundFallsToOneOrTwo) {
    const Bytes image = test::test_image(96 * 1024);
    auto r = compare(image, 1024, cpu_bound);
    EXPECT_LT(r.fixed_seconds[0], r.fixed_seconds[cap - 1]) << "the regime: window 1 wins";
    EXPECT_LE(r.adaptive.seconds, r.best_fixed() / 0.97);
    // At 1 or 2 from the first quarter on; probes up to 3 (8 answers each, backing off) take
    // the rest, one may be running at the end.
    EXPECT_GE(share_at_most(r.adaptive.windows, 2, r.adaptive.windows.size() / 4), 0.75);
}

TEST(AdaptiveUpload, LossDoesNotCollapseTheWindow) {
    const Bytes image = test::test_image(128 * 1024);
    TimedPath lossy = udp_20ms;
    lossy.loss = 0.03;
    double adaptive = 0;
    double deepest = 0;
    double one = 0;
    std::vector<std::size_t> windows;
    for (unsigned seed = 1; seed <= 8; ++seed) {
        auto r = run(image, 2048, cap, true, lossy, seed);
        adaptive += r.seconds;
        windows.insert(windows.end(), r.windows.begin(), r.windows.end());
        deepest += run(image, 2048, cap, false, lossy, seed).seconds;
        one += run(image, 2048, 1, false, lossy, seed).seconds;
    }
    const double mean_window =
        static_cast<double>(std::accumulate(windows.begin(), windows.end(), std::size_t{0})) /
        static_cast<double>(windows.size());
    EXPECT_GE(mean_window, 2.5);
    EXPECT_LE(adaptive, deepest / 0.95);
    EXPECT_GE(one / adaptive, 2.0);
}

TEST(AdaptiveUpload, TheDeviceBecomingTheBottleneckBringsTheWindowDown) {
    const Bytes image = test::test_image(160 * 1024);
    auto r = compare(image, 1024, udp_20ms, std::pair{0.5, cpu_bound});
    EXPECT_LE(r.adaptive.seconds, r.best_fixed() / 0.97);
    EXPECT_LE(r.adaptive.windows.back(), 2u);
}

TEST(AdaptiveUpload, TheLinkBecomingTheBottleneckTakesTheWindowUp) {
    const Bytes image = test::test_image(96 * 1024);
    TimedPath slow_link = udp_20ms;
    slow_link.latency = 100ms;  // 200 ms round trips, twice the device's time per chunk
    auto r = compare(image, 1024, cpu_bound, std::pair{0.3, slow_link});
    // Window 3 is best over the whole run; the change is seen only after an epoch at window 1
    // (four answers of 200 ms), so the bound is looser than where conditions hold still.
    EXPECT_LE(r.adaptive.seconds, r.best_fixed() / 0.9);
    EXPECT_GE(r.fixed_seconds[0] / r.adaptive.seconds, 1.8);
    const auto& w = r.adaptive.windows;
    EXPECT_EQ(w.back(), cap);
    EXPECT_LE(w[w.size() * 3 / 10], 2u) << "window 1 or 2 before the change";
    EXPECT_GE(std::count(w.begin() + static_cast<long>(w.size() / 2), w.end(), cap),
              static_cast<long>(w.size() / 2 * 8 / 10));
}

// A lost chunk at window 1 (or its lost answer) is found by the tail loss probe one chunk
// beyond the window, twice the round trip after the stall, instead of by its timeout: the
// real mps2 buf 1024 app lost requests, and one such timeout was 2.2 s of a 9.6 s upload.
// The adaptive upload spends part of this path above window 1, where a later answer finds
// most losses first (in one seed no probe fires), so its bar is looser: 0.95x.
TEST(AdaptiveUpload, ALossAtWindowOneCostsAboutARoundTripNotTheTimeout) {
    const Bytes image = test::test_image(96 * 1024);
    TimedPath lossy = cpu_bound;
    lossy.loss = 0.03;
    auto seconds = [&](bool probe, std::size_t window, bool adaptive, unsigned seed) {
        const auto r = run(image, 1024, window, adaptive, lossy, seed, {}, probe);
        if (!probe || !adaptive) {
            EXPECT_EQ(r.counters.probes > 0, probe) << "seed " << seed;
        }
        return r.seconds;
    };
    double one_probed = 0, one_timed = 0, auto_probed = 0, auto_timed = 0;
    for (unsigned seed = 1; seed <= 4; ++seed) {
        one_probed += seconds(true, 1, false, seed);
        one_timed += seconds(false, 1, false, seed);
        auto_probed += seconds(true, cap, true, seed);
        auto_timed += seconds(false, cap, true, seed);
    }
    EXPECT_LE(one_probed, one_timed * 0.85) << one_probed << " s against " << one_timed << " s";
    EXPECT_LE(auto_probed, auto_timed * 0.95) << auto_probed << " s against " << auto_timed << " s";
}

// Where nothing is lost, the probe never fires: it must not add requests to a clean path.
TEST(AdaptiveUpload, NoProbeOnACleanPath) {
    for (const TimedPath& path : {udp_20ms, serial_115200, cpu_bound}) {
        auto r = run(test::test_image(64 * 1024), 1024, cap, true, path);
        EXPECT_EQ(r.counters.probes, 0u);
        EXPECT_EQ(r.counters.resends, 0u);
    }
}

// The real mps2 fixtures under QEMU on an unloaded 2-core host (bench/real_window_table.py):
// window 1 about 11 KiB/s, windows 2 and 3 about 20 KiB/s, since the device reads a request
// from its UART as long as it takes to handle one; both vary by up to 2x between uploads.
TEST(AdaptiveUpload, NoisyEmulatedDeviceStaysNearTheBest) {
    const TimedPath emulated{
        .latency = 1ms, .line_bytes_per_s = 23000, .per_kib = 45ms, .jitter = 0.3, .spell = 1.0};
    const auto t = over_seeds(test::test_image(96 * 1024), emulated, 8);
    const double best = t.best_fixed();
    EXPECT_GE(t.fixed_seconds[0] / best, 1.6) << "the regime: a deeper window pays";
    EXPECT_LE(t.adaptive, best / 0.97) << t.describe();
}

// The real mps2 buf 1024 application (bench/real_window_table.py, unloaded host, 4 uploads
// per cell): window 1 11.3-12.0 KiB/s at 40 ms of emulated CPU per KiB, windows 2 and 3 both
// about 10 KiB/s at 75-90 ms: a request arriving while the device works doubles the work.
// Windows 3 and 2 are a plateau: a step down from 3 shows no gain, so stepping alone never
// reaches 1 (the real row's 0.88x; this model: 38.5 s against window 1's 33.7 s). The lone
// first counted chunk gives a round trip without overlap, which says one request at a time
// keeps the device busy, and the probe goes there directly (34.5 s, 0.977x window 1).
TEST(AdaptiveUpload, WorkThatDoublesWhenRequestsOverlapFindsWindowOne) {
    const TimedPath emulated{.latency = 1ms,
                             .line_bytes_per_s = 23000,
                             .per_kib = 40ms,
                             .overlap_slowdown = 1.5,
                             .jitter = 0.1};
    const auto t = over_seeds(test::test_image(96 * 1024), emulated, 4);
    EXPECT_LE(t.fixed_seconds[0] / t.fixed_seconds[1], 0.92) << "the regime: window 1 wins";
    EXPECT_LE(t.adaptive, t.fixed_seconds[0] / 0.97) << t.describe();
}

}  // namespace

namespace {

// A board slower than its link (issue 32): the mps2 buf 1024 application under QEMU's
// instruction counter (`-icount shift=4,align=off,sleep=on`, bench/real_window_table.py
// --icount 4, 64 KiB): window 1 about 15 KiB/s, windows 2 and 3 both at 0.76x of it, the
// emulated CPU spending 70 ms of the host's per KiB against 20: every request kept waiting
// in the device's buffers costs it work. Every epoch above window 1 costs the upload.
const TimedPath slow_board{
    .latency = 1ms, .per_kib = 60ms, .overlap_slowdown = 0.32, .jitter = 0.05};

TEST(AdaptiveUpload, ASlowBoardWhoseWorkGrowsWithWaitingRequestsStaysAtWindowOne) {
    const auto t = over_seeds(test::test_image(64 * 1024), slow_board, 4);
    EXPECT_LE(t.fixed_seconds[0] / t.fixed_seconds[1], 0.8) << "the regime: " << t.describe();
    EXPECT_LE(t.fixed_seconds[0] / t.fixed_seconds[2], 0.8) << "the regime: " << t.describe();
    EXPECT_LE(t.adaptive, t.fixed_seconds[0] / 0.97) << t.describe();
    std::cout << "slow board, 4 seeds: " << t.describe() << '\n';
}

}  // namespace
