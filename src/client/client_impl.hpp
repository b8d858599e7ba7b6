// SPDX-License-Identifier: Apache-2.0
#pragma once
// The client's state, shared by client.cpp (requests, the receive loop) and upload.cpp.
#include <smp/client/client.hpp>
#include <smp/detail/asio_compat.hpp>

#include <asio/steady_timer.hpp>

#include "client/identity_cache.hpp"

#include <map>

namespace smp {

struct Client::Impl : std::enable_shared_from_this<Client::Impl> {
    Impl(asio::any_io_executor ex, std::unique_ptr<Transport> t, ClientOptions o)
        : executor(std::move(ex)),
          transport(std::move(t)),
          options(std::move(o)),
          version(options.version) {}

    /// One request waiting for its answer: the receive loop stores the answer and cancels
    /// the timer, which otherwise runs out at the deadline.
    struct Waiter {
        explicit Waiter(const asio::any_io_executor& ex) : timer(ex) {}
        asio::steady_timer timer;
        std::optional<Message> response{};
    };

    /// One attempt: send, then wait for the matching answer until the timeout.
    asio::awaitable<Result<Message>> exchange(std::uint16_t group, std::uint8_t command, Op op,
                                              ByteView payload, std::chrono::milliseconds timeout);
    asio::awaitable<void> receive_loop(std::uint64_t generation);
    void deliver(ByteView bytes);
    void log(LogLevel level, std::string_view line) const;
    std::string describe(std::uint16_t group, std::uint8_t command) const;
    void shut();
    /// The link went away under us: remember why, close, and end every waiting request.
    void lose_link(std::string why);
    /// The error of a request that cannot complete because the client is closed.
    Error closed_error(std::string_view doing, std::uint16_t group, std::uint8_t command) const;
    /// Classifies a failed transport send: a lost link or a plain I/O error.
    Error send_failed(std::uint16_t group, std::uint8_t command, const Error& failure);

    asio::any_io_executor executor;
    std::unique_ptr<Transport> transport;
    ClientOptions options;
    Version version = Version::v2;
    bool open = false;
    /// Why the link was lost (the transport's words, naming the device); empty after a
    /// connect or a close by the user.
    std::string lost{};
    /// Counts connects: a receive loop of an earlier connection ends without touching the
    /// reopened transport (its aborted receive completes after the reconnect).
    std::uint64_t generation = 0;
    smp::RequestTable table{};
    std::map<std::uint8_t, Waiter*> waiters{};
    DeviceParams params{};
    ClientCounters counters{};
    /// What smp::identify read on this connection (device_info.cpp).
    detail::IdentityCache identity{};
};

}  // namespace smp
