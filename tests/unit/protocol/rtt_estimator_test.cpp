// SPDX-License-Identifier: Apache-2.0
// The upload's round-trip estimates: RFC 6298's SRTT with Karn's rule, and BBR's windowed
// minimum in which only a lone chunk may undercut a lone round trip.
#include <gtest/gtest.h>

#include <smp/protocol/upload/rtt_estimator.hpp>

namespace {

using namespace std::chrono_literals;
using smp::upload::RttEstimator;
using smp::upload::SendStamp;
using smp::upload::UploadTime;

const UploadTime t0{};

TEST(RttEstimator, SmoothsBySevenEighthsAndIgnoresResends) {
    RttEstimator rtt;
    EXPECT_EQ(rtt.sample(t0 + 80ms, SendStamp{.sent = t0}), 80ms);
    EXPECT_EQ(rtt.srtt(), 80ms);
    EXPECT_EQ(rtt.sample(t0 + 160ms, SendStamp{.sent = t0}), 160ms);
    EXPECT_EQ(rtt.srtt(), 90ms);  // (7 * 80 + 160) / 8
    EXPECT_FALSE(rtt.sample(t0 + 900ms, SendStamp{.sent = t0, .resend = true}));
    EXPECT_EQ(rtt.srtt(), 90ms);
}

TEST(RttEstimator, ALoneRoundTripReplacesTheMinimumEvenWhenLarger) {
    RttEstimator rtt;
    rtt.offer(t0, 40ms, false, 10s);
    ASSERT_EQ(rtt.min_rtt(), 40ms);
    rtt.take_lone(t0 + 1s, 88ms);
    EXPECT_EQ(rtt.min_rtt(), 88ms);
}

TEST(RttEstimator, OnlyALoneChunkUndercutsALoneRoundTrip) {
    RttEstimator rtt;
    rtt.take_lone(t0, 88ms);
    rtt.offer(t0 + 1s, 48ms, false, 10s);  // pipelined, caught a batch early
    EXPECT_EQ(rtt.min_rtt(), 88ms);
    rtt.offer(t0 + 2s, 70ms, true, 10s);
    EXPECT_EQ(rtt.min_rtt(), 70ms);
    rtt.offer(t0 + 3s, 50ms, false, 10s);  // the minimum is now a lone one: still refused
    EXPECT_EQ(rtt.min_rtt(), 70ms);
}

TEST(RttEstimator, AnExpiredMinimumGivesWayToALongerRoundTrip) {
    RttEstimator rtt;
    rtt.offer(t0, 20ms, false, 10s);
    rtt.offer(t0 + 5s, 200ms, false, 10s);
    EXPECT_EQ(rtt.min_rtt(), 20ms);
    rtt.offer(t0 + 11s, 200ms, false, 10s);
    EXPECT_EQ(rtt.min_rtt(), 200ms);
}

}  // namespace
