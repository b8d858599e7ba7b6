// SPDX-License-Identifier: Apache-2.0
#pragma once
// The pending-request table: assigns SMP sequence numbers and matches each response to the
// request it answers by (sequence, group, command, op). Responses that answer nothing
// outstanding are dropped and counted, never delivered to another request (the failure
// mode of Python smpclient's open issue #104: after a timeout, the late reply was taken as
// the answer to the next request).
//
// Sans-I/O: time is an input (deadlines are given by the caller, expire() is told "now");
// the table never reads a clock.
#include <smp/protocol/header.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <vector>

namespace smp {

/// The clock deadlines are measured on.
using Clock = std::chrono::steady_clock;
/// A deadline or a "now" given to the table.
using TimePoint = Clock::time_point;

/// One outstanding request.
struct PendingRequest {
    std::uint8_t sequence = 0;  ///< the SMP sequence number the table assigned
    std::uint16_t group = 0;    ///< group id of the request
    std::uint8_t command = 0;   ///< command id of the request
    /// Op of the request (read or write); the answer has the matching response op.
    Op op = Op::read;
    TimePoint deadline{};   ///< when the request times out (see RequestTable::expire)
    std::uint64_t tag = 0;  ///< the caller's handle for the request (opaque to the table)
    /// Field-by-field equality.
    friend bool operator==(const PendingRequest&, const PendingRequest&) = default;
};

/// What became of a response offered to the table.
enum class Disposition {
    matched,     ///< answers an outstanding request; `request` is set and no longer pending
    stale,       ///< answers a request that already timed out or was cancelled: dropped
    duplicate,   ///< answers a request that was already answered: dropped
    unexpected,  ///< not a response, or answers nothing we sent: dropped
};

/// The outcome of RequestTable::match.
struct MatchResult {
    Disposition disposition = Disposition::unexpected;  ///< what became of the response
    /// The answered request, set only for Disposition::matched.
    std::optional<PendingRequest> request{};
};

/// Counts of dropped responses, for diagnostics and tests.
struct DropCounters {
    std::uint64_t stale = 0;       ///< responses to requests that had timed out or been retired
    std::uint64_t duplicate = 0;   ///< second answers to a request already answered
    std::uint64_t unexpected = 0;  ///< responses matching nothing sent, or non-responses
    /// Field-by-field equality.
    friend bool operator==(const DropCounters&, const DropCounters&) = default;
};

/// Sequence numbers and response matching for one connection. Thread safety: none (one table per
/// connection, used from one thread at a time).
class RequestTable {
  public:
    /// `first_sequence`: the number the first add() hands out.
    explicit RequestTable(std::uint8_t first_sequence = 0) : next_(first_sequence) {}

    /// Registers a request and returns its sequence number; nullopt when no number is free
    /// (256 outstanding, or the only free ones recently timed out and may still be answered).
    /// Numbers are handed out in increasing order (mod 256), so a number is reused as late
    /// as possible.
    std::optional<std::uint8_t> add(std::uint16_t group, std::uint8_t command, Op op,
                                    TimePoint deadline, std::uint64_t tag = 0);

    /// Offers a response header. On `matched` the request is removed from the table.
    MatchResult match(const Header& response);

    /// Removes and returns the requests whose deadline is at or before `now`; their late
    /// answers will count as stale.
    std::vector<PendingRequest> expire(TimePoint now);

    /// Removes one request (the caller gave up on it, or its own timer fired): its late
    /// answer counts as stale. Returns false when the sequence is not pending.
    bool retire(std::uint8_t sequence);

    /// The earliest deadline among pending requests.
    std::optional<TimePoint> next_deadline() const;

    /// Number of requests pending.
    std::size_t size() const noexcept { return pending_.size(); }
    /// True when `sequence` belongs to a pending request.
    bool contains(std::uint8_t sequence) const { return pending_.count(sequence) != 0; }
    /// Counts of the responses dropped so far.
    const DropCounters& drops() const noexcept { return drops_; }

  private:
    struct Retired {
        PendingRequest request{};
        bool answered = false;
    };
    void remember(const PendingRequest& request, bool answered);
    bool blocked(std::uint8_t sequence) const;
    static bool answers(const PendingRequest& request, const Header& response);

    std::map<std::uint8_t, PendingRequest> pending_{};
    std::deque<Retired> retired_{};  // most recent last; bounded by max_retired
    DropCounters drops_{};
    std::uint8_t next_ = 0;

    /// How many finished requests are remembered to classify late answers; a timed-out
    /// request's sequence is not reused while it is remembered.
    static constexpr std::size_t max_retired = 64;
};

}  // namespace smp
