// SPDX-License-Identifier: Apache-2.0
#pragma once
// smp::Client on its own io_context for integration tests; run() drives one operation to
// completion. test_image() builds MCUboot images for uploads.
#include <smp/client/client.hpp>
#include <smp/detail/asio_compat.hpp>
#include <smp/mcuboot/image_builder.hpp>

#include <smp/protocol/messages/os.hpp>

#include <gtest/gtest.h>
#include <asio/io_context.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <stdexcept>

namespace smp_it {

/// Runs `io` until one coroutine completes (a connected client's receive loop keeps the
/// context busy, so it is stopped explicitly) and returns the coroutine's value.
template <class T>
T run_one(asio::io_context& io, asio::awaitable<T> op) {
    std::optional<T> out;
    asio::co_spawn(
        io, [&]() -> asio::awaitable<void> { out.emplace(co_await std::move(op)); },
        [&](std::exception_ptr e) {
            io.stop();
            if (e)
                std::rethrow_exception(e);
        });
    io.restart();  // a context that ran out of work stays stopped until restarted
    io.run();
    io.restart();
    if (!out)
        throw std::runtime_error("run_one: the io_context stopped before the operation ended");
    return std::move(*out);
}

/// Closes `client` and lets its receive loop finish before the io_context goes away. With a
/// `limit`, gives up after that long: BLE's D-Bus watch keeps the context busy after close().
inline void close_and_drain(asio::io_context& io, smp::Client& client,
                            std::optional<std::chrono::milliseconds> limit = std::nullopt) {
    client.close();
    io.restart();
    if (limit)
        io.run_for(*limit);
    else
        io.run();
}

/// Twice: connect, echo, close, and check that the io_context then runs dry (a closed
/// transport leaves no work queued) before the next connect.
inline void expect_close_runs_dry_and_reconnects(asio::io_context& io, smp::Client& client) {
    for (int round = 0; round < 2; ++round) {
        auto connected = run_one(io, client.connect());
        ASSERT_TRUE(connected) << connected.error().message();
        const smp::os::Echo ping{.d = "before close"};
        auto answer = run_one(io, client.request(ping));
        ASSERT_TRUE(answer) << answer.error().message();
        EXPECT_EQ(answer->r, ping.d);
        client.close();
        io.restart();
        io.run_for(std::chrono::seconds(10));  // returns at once when no work is left
        EXPECT_TRUE(io.stopped()) << "the closed transport still has work queued";
    }
}

struct ClientRunner {
    using Factory = std::function<std::unique_ptr<smp::Transport>(asio::any_io_executor)>;

    /// `drain_limit` bounds the wind-down in the destructor (see close_and_drain()).
    explicit ClientRunner(const Factory& make, smp::ClientOptions o = quiet(),
                          std::optional<std::chrono::milliseconds> drain_limit = std::nullopt)
        : client(io.get_executor(), make(io.get_executor()), std::move(o)),
          drain_limit_(drain_limit) {}
    ~ClientRunner() { close_and_drain(io, client, drain_limit_); }
    static smp::ClientOptions quiet() {
        smp::ClientOptions o;
        o.timeout = std::chrono::milliseconds(1000);
        o.log = [](std::string_view) {};
        return o;
    }
    template <class T>
    T run(asio::awaitable<T> op) {
        return run_one(io, std::move(op));
    }

    asio::io_context io;
    smp::Client client;

  private:
    std::optional<std::chrono::milliseconds> drain_limit_{};
};

/// An MCUboot image with a deterministic payload of `payload_size` bytes.
inline smp::Bytes test_image(std::size_t payload_size, unsigned seed = 13) {
    smp::Bytes payload(payload_size);
    for (std::size_t i = 0; i < payload.size(); ++i)
        payload[i] = static_cast<std::uint8_t>(i * seed + i / 97);
    return smp::mcuboot::build_mcuboot_image(payload).value();
}

}  // namespace smp_it
