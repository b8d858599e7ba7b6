// SPDX-License-Identifier: Apache-2.0
#include "raw_link.hpp"

#include <smp/protocol/header.hpp>

#include <stdexcept>

namespace smp_zephyr {

RawLink::RawLink(const smp::BlockingClient::TransportFactory& factory)
    : transport_(factory(io_.get_executor())) {
    std::exception_ptr failure;
    bool opened = false;
    bool ok = false;
    asio::co_spawn(
        io_, [&]() -> asio::awaitable<void> { ok = (co_await transport_->open()).has_value(); },
        [&](std::exception_ptr e) {
            failure = e;
            opened = true;
        });
    while (!opened && io_.run_one_for(std::chrono::seconds(10)) > 0) {
    }
    if (failure || !opened || !ok)
        throw std::runtime_error("cannot open " + transport_->address());
    // One receive at a time, for the link's whole life: every message that arrives is kept.
    asio::co_spawn(io_, receive_loop(), asio::detached);
}

RawLink::~RawLink() {
    transport_->close();
    io_.restart();
    io_.run_for(std::chrono::milliseconds(200));  // lets the receive loop end
}

asio::awaitable<void> RawLink::receive_loop() {
    // Until the link closes (an error).
    for (auto message = co_await transport_->receive(); message;
         message = co_await transport_->receive())
        received_.push_back(std::move(*message));
}

std::optional<smp::Bytes> RawLink::exchange(const smp::Bytes& message, std::uint8_t sequence,
                                            std::chrono::milliseconds wait) {
    received_.clear();
    // The answer may come before the send completes (a paced send waits after its last line).
    asio::co_spawn(
        io_,
        [this, message]() -> asio::awaitable<void> { (void)co_await transport_->send(message); },
        asio::detached);
    const auto deadline = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < deadline) {
        while (!received_.empty()) {
            auto answer = std::move(received_.front());
            received_.pop_front();
            const auto header = smp::decode_header(answer);
            if (header && header->sequence == sequence)
                return answer;
        }
        io_.restart();
        io_.run_one_for(deadline - std::chrono::steady_clock::now());
    }
    return std::nullopt;
}

}  // namespace smp_zephyr
