// SPDX-License-Identifier: Apache-2.0
// The pending-request table (see smp/protocol/request_table.hpp).
#include <smp/protocol/request_table.hpp>

#include <algorithm>

namespace smp {

bool RequestTable::answers(const PendingRequest& request, const Header& response) {
    return response.group == request.group && response.command == request.command &&
           response.op == response_op(request.op);
}

bool RequestTable::blocked(std::uint8_t sequence) const {
    if (pending_.count(sequence) != 0)
        return true;
    // A timed-out request may still be answered; reusing its number could deliver that late
    // answer to the new request if group and command happen to match.
    return std::any_of(retired_.begin(), retired_.end(), [&](const Retired& r) {
        return !r.answered && r.request.sequence == sequence;
    });
}

std::optional<std::uint8_t> RequestTable::add(std::uint16_t group, std::uint8_t command, Op op,
                                              TimePoint deadline, std::uint64_t tag) {
    for (int tries = 0; tries < 256; ++tries) {
        const std::uint8_t sequence = next_++;
        if (blocked(sequence))
            continue;
        pending_[sequence] = PendingRequest{sequence, group, command, op, deadline, tag};
        return sequence;
    }
    return std::nullopt;
}

void RequestTable::remember(const PendingRequest& request, bool answered) {
    // One entry per sequence: a newer fate replaces an older one.
    std::erase_if(retired_,
                  [&](const Retired& r) { return r.request.sequence == request.sequence; });
    retired_.push_back(Retired{request, answered});
    if (retired_.size() > max_retired)
        retired_.pop_front();
}

MatchResult RequestTable::match(const Header& response) {
    if (!is_response(response.op)) {
        ++drops_.unexpected;
        return {Disposition::unexpected, std::nullopt};
    }
    if (auto it = pending_.find(response.sequence);
        it != pending_.end() && answers(it->second, response)) {
        PendingRequest request = it->second;
        pending_.erase(it);
        remember(request, true);
        return {Disposition::matched, request};
    }
    auto old = std::find_if(retired_.rbegin(), retired_.rend(), [&](const Retired& r) {
        return r.request.sequence == response.sequence && answers(r.request, response);
    });
    if (old == retired_.rend()) {
        ++drops_.unexpected;
        return {Disposition::unexpected, std::nullopt};
    }
    if (old->answered) {
        ++drops_.duplicate;
        return {Disposition::duplicate, std::nullopt};
    }
    ++drops_.stale;
    return {Disposition::stale, std::nullopt};
}

std::vector<PendingRequest> RequestTable::expire(TimePoint now) {
    std::vector<PendingRequest> expired;
    for (auto it = pending_.begin(); it != pending_.end();) {
        if (it->second.deadline <= now) {
            expired.push_back(it->second);
            remember(it->second, false);
            it = pending_.erase(it);
        } else {
            ++it;
        }
    }
    return expired;
}

bool RequestTable::retire(std::uint8_t sequence) {
    auto it = pending_.find(sequence);
    if (it == pending_.end())
        return false;
    remember(it->second, false);
    pending_.erase(it);
    return true;
}

std::optional<TimePoint> RequestTable::next_deadline() const {
    std::optional<TimePoint> earliest;
    for (const auto& [sequence, request] : pending_) {
        if (!earliest || request.deadline < *earliest)
            earliest = request.deadline;
    }
    return earliest;
}

}  // namespace smp
