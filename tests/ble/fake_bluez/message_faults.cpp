// SPDX-License-Identifier: Apache-2.0
#include "message_faults.hpp"

#include <smp/protocol/header.hpp>

#include <iostream>

namespace fake_bluez {
namespace {

// How long a message held back for reordering waits for another one to overtake it; as in
// smpsim: reordering delays a message, it never loses it.
constexpr std::chrono::milliseconds max_hold_back{50};

}  // namespace

MessageFaults::MessageFaults(asio::io_context& io, const smp::server::LinkConfig& link,
                             const char* direction)
    : faults_(link), direction_(direction), hold_timer_(io) {}

void MessageFaults::pass(smp::Bytes message, Deliver deliver) {
    if (!faults_.enabled())
        return deliver(std::move(message));
    auto verdict = faults_.decide(message.size());
    if (verdict.drop) {
        std::cerr << "fake_bluez: " << direction_ << " message lost\n";
        return;
    }
    if (verdict.corrupt_at) {
        if (message.size() > smp::header_size) {
            const auto body = message.size() - smp::header_size;
            verdict.corrupt_at = smp::header_size + *verdict.corrupt_at % body;
            smp::server::FaultInjector::corrupt(message, verdict);
            std::cerr << "fake_bluez: " << direction_ << " message corrupted\n";
        }
    }
    auto send = [deliver = std::move(deliver), message = std::move(message),
                 twice = verdict.duplicate] {
        deliver(message);
        if (twice)
            deliver(message);
    };
    if (verdict.hold_back && !held_) {
        held_ = std::move(send);
        hold_timer_.expires_after(max_hold_back);
        hold_timer_.async_wait([this](const asio::error_code& ec) {
            if (!ec)
                release_held();
        });
        return;
    }
    send();
    release_held();  // overtaken: the held message follows
}

void MessageFaults::release_held() {
    if (auto held = std::exchange(held_, {})) {
        hold_timer_.cancel();
        held();
    }
}

void MessageFaults::clear() {
    held_ = {};
    hold_timer_.cancel();
}

}  // namespace fake_bluez
