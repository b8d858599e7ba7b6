// SPDX-License-Identifier: Apache-2.0
#pragma once
// A link that sends SMP messages exactly as given (any header: version, op, sequence, length)
// and collects what comes back, for the differential conformance harness: the library's
// transports carry the bytes, but no client logic (retries, version fallback, budgets) stands
// between the test and the device.
#include <smp/client/blocking_client.hpp>
#include <smp/protocol/bytes.hpp>

#include <asio.hpp>

#include <chrono>
#include <deque>
#include <memory>
#include <optional>

namespace smp_zephyr {

class RawLink {
  public:
    /// Opens the transport. Errors: std::runtime_error when it cannot be opened.
    explicit RawLink(const smp::BlockingClient::TransportFactory& factory);
    ~RawLink();
    RawLink(const RawLink&) = delete;
    RawLink& operator=(const RawLink&) = delete;

    /// Sends `message` and returns the first message received within `wait` whose sequence
    /// number is `sequence` (late answers to earlier requests are skipped); nullopt when none.
    std::optional<smp::Bytes> exchange(const smp::Bytes& message, std::uint8_t sequence,
                                       std::chrono::milliseconds wait);

  private:
    asio::awaitable<void> receive_loop();

    asio::io_context io_{};
    std::unique_ptr<smp::Transport> transport_{};
    std::deque<smp::Bytes> received_{};
};

}  // namespace smp_zephyr
