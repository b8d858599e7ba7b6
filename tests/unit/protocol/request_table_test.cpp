// SPDX-License-Identifier: Apache-2.0
// The pending-request table: sequence assignment and response matching.
#include <smp/protocol/request_table.hpp>

#include <gtest/gtest.h>

namespace {

using smp::Disposition;
using smp::Header;
using smp::Op;
using smp::RequestTable;
using smp::TimePoint;
using namespace std::chrono_literals;

const TimePoint t0{};

Header response_to(std::uint8_t seq, std::uint16_t group, std::uint8_t command,
                   Op op = Op::write_response) {
    Header h;
    h.op = op;
    h.group = group;
    h.command = command;
    h.sequence = seq;
    return h;
}

TEST(RequestTable, AssignsIncreasingSequenceNumbersAndWraps) {
    RequestTable table(254);
    EXPECT_EQ(table.add(0, 0, Op::write, t0 + 1s), 254);
    EXPECT_EQ(table.add(0, 0, Op::write, t0 + 1s), 255);
    EXPECT_EQ(table.add(0, 0, Op::write, t0 + 1s), 0);
    EXPECT_EQ(table.size(), 3u);
}

TEST(RequestTable, MatchesResponseToItsRequestAndRemovesIt) {
    RequestTable table;
    auto a = table.add(0, 0, Op::write, t0 + 1s, 7);
    auto b = table.add(1, 1, Op::write, t0 + 1s, 8);
    ASSERT_TRUE(a && b);
    auto m = table.match(response_to(*b, 1, 1));
    EXPECT_EQ(m.disposition, Disposition::matched);
    ASSERT_TRUE(m.request);
    EXPECT_EQ(m.request->tag, 8u);
    EXPECT_FALSE(table.contains(*b));
    EXPECT_TRUE(table.contains(*a));
}

TEST(RequestTable, WrongGroupCommandOrOpIsNotDeliveredAndRequestStaysPending) {
    RequestTable table;
    auto seq = table.add(0, 6, Op::read, t0 + 1s);
    ASSERT_TRUE(seq);
    EXPECT_EQ(table.match(response_to(*seq, 1, 6, Op::read_response)).disposition,
              Disposition::unexpected);
    EXPECT_EQ(table.match(response_to(*seq, 0, 5, Op::read_response)).disposition,
              Disposition::unexpected);
    EXPECT_EQ(table.match(response_to(*seq, 0, 6, Op::write_response)).disposition,
              Disposition::unexpected);
    Header request = response_to(*seq, 0, 6, Op::read);  // an echo of our own request
    EXPECT_EQ(table.match(request).disposition, Disposition::unexpected);
    EXPECT_TRUE(table.contains(*seq));
    EXPECT_EQ(table.drops().unexpected, 4u);
    EXPECT_EQ(table.match(response_to(*seq, 0, 6, Op::read_response)).disposition,
              Disposition::matched);
}

TEST(RequestTable, DuplicateResponseIsDroppedAndCounted) {
    RequestTable table;
    auto seq = table.add(0, 0, Op::write, t0 + 1s);
    ASSERT_TRUE(seq);
    EXPECT_EQ(table.match(response_to(*seq, 0, 0)).disposition, Disposition::matched);
    EXPECT_EQ(table.match(response_to(*seq, 0, 0)).disposition, Disposition::duplicate);
    EXPECT_EQ(table.drops().duplicate, 1u);
}

// Issue #104 of Python smpclient: a request times out, the next one is sent, then the
// late answer to the first arrives. It must not be taken as the answer to the second.
TEST(RequestTable, LateAnswerAfterTimeoutIsStaleNotDeliveredToTheNextRequest) {
    RequestTable table;
    auto first = table.add(0, 0, Op::write, t0 + 1s);
    ASSERT_TRUE(first);
    EXPECT_EQ(table.next_deadline(), t0 + 1s);
    auto expired = table.expire(t0 + 1s);
    ASSERT_EQ(expired.size(), 1u);
    EXPECT_EQ(expired[0].sequence, *first);
    auto second = table.add(0, 0, Op::write, t0 + 3s);
    ASSERT_TRUE(second);
    EXPECT_NE(*second, *first);
    auto late = table.match(response_to(*first, 0, 0));
    EXPECT_EQ(late.disposition, Disposition::stale);
    EXPECT_FALSE(late.request);
    EXPECT_TRUE(table.contains(*second));
    EXPECT_EQ(table.drops().stale, 1u);
}

TEST(RequestTable, ExpireKeepsRequestsWhoseDeadlineIsLater) {
    RequestTable table;
    auto a = table.add(0, 0, Op::write, t0 + 1s);
    auto b = table.add(0, 0, Op::write, t0 + 5s);
    EXPECT_EQ(table.expire(t0 + 2s).size(), 1u);
    EXPECT_FALSE(table.contains(*a));
    EXPECT_TRUE(table.contains(*b));
    EXPECT_EQ(table.next_deadline(), t0 + 5s);
}

TEST(RequestTable, RetiredSequenceCountsLateAnswerAsStale) {
    RequestTable table;
    auto seq = table.add(1, 1, Op::write, t0 + 1s);
    EXPECT_TRUE(table.retire(*seq));
    EXPECT_FALSE(table.retire(*seq));
    EXPECT_EQ(table.match(response_to(*seq, 1, 1)).disposition, Disposition::stale);
}

TEST(RequestTable, TimedOutSequenceIsNotReusedWhileRemembered) {
    RequestTable table(0);
    auto seq = table.add(0, 0, Op::write, t0 + 1s);
    ASSERT_EQ(seq, 0);
    table.expire(t0 + 1s);
    // Hand out the other 255 numbers; sequence 0 must be skipped when the counter wraps.
    for (int i = 0; i < 255; ++i) {
        auto s = table.add(0, 0, Op::write, t0 + 10s);
        ASSERT_TRUE(s);
        EXPECT_NE(*s, 0);
    }
    EXPECT_FALSE(table.add(0, 0, Op::write, t0 + 10s));
}

TEST(RequestTable, UnknownSequenceIsUnexpected) {
    RequestTable table;
    EXPECT_EQ(table.match(response_to(42, 0, 0)).disposition, Disposition::unexpected);
    EXPECT_EQ(table.drops().unexpected, 1u);
}

}  // namespace
