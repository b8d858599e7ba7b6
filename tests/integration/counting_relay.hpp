// SPDX-License-Identifier: Apache-2.0
#pragma once
// A UDP relay between a client and smpsim that counts the requests passing through, by
// group, command, op and payload: a test can then say how often the client asked the same
// thing. Runs on its own thread; answers go back to the last client that sent.
#include <smp/detail/asio_compat.hpp>
#include <smp/protocol/header.hpp>

#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>

#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <tuple>

namespace smp_it {

class CountingRelay {
  public:
    /// What one request asks: the same key twice is the same question asked twice.
    using Key = std::tuple<std::uint16_t, std::uint8_t, smp::Op, smp::Bytes>;

    explicit CountingRelay(std::uint16_t device_port)
        : device_(asio::ip::make_address("127.0.0.1"), device_port),
          front_(io_, asio::ip::udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
          back_(io_, asio::ip::udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
        asio::co_spawn(io_, to_device(), asio::detached);
        asio::co_spawn(io_, to_client(), asio::detached);
        thread_ = std::thread([this] { io_.run(); });
    }
    ~CountingRelay() {
        io_.stop();
        thread_.join();
    }
    CountingRelay(const CountingRelay&) = delete;
    CountingRelay& operator=(const CountingRelay&) = delete;

    std::uint16_t port() const { return front_.local_endpoint().port(); }

    /// How often `group`/`command`/`op` was asked with exactly `payload`.
    unsigned count(std::uint16_t group, std::uint8_t command, smp::Op op,
                   const smp::Bytes& payload) const {
        std::lock_guard lock(mutex_);
        const auto it = counts_.find(Key{group, command, op, payload});
        return it == counts_.end() ? 0 : it->second;
    }
    /// Every request of `group`/`command`, whatever its op and payload.
    unsigned count(std::uint16_t group, std::uint8_t command) const {
        std::lock_guard lock(mutex_);
        unsigned n = 0;
        for (const auto& [key, times] : counts_)
            if (std::get<0>(key) == group && std::get<1>(key) == command)
                n += times;
        return n;
    }
    /// The largest count of any one request.
    unsigned most_asked() const {
        std::lock_guard lock(mutex_);
        unsigned most = 0;
        for (const auto& entry : counts_)
            most = std::max(most, entry.second);
        return most;
    }

  private:
    asio::awaitable<void> to_device() {
        smp::Bytes buffer(65536);
        for (;;) {
            asio::ip::udp::endpoint from;
            auto [ec, n] = co_await front_.async_receive_from(asio::buffer(buffer), from,
                                                              smp::detail::use_nothrow_awaitable);
            if (ec)
                co_return;
            client_ = from;
            if (auto message = smp::decode_message(smp::ByteView(buffer.data(), n))) {
                std::lock_guard lock(mutex_);
                ++counts_[Key{message->header.group, message->header.command, message->header.op,
                              message->payload}];
            }
            co_await back_.async_send_to(asio::buffer(buffer.data(), n), device_,
                                         smp::detail::use_nothrow_awaitable);
        }
    }
    asio::awaitable<void> to_client() {
        smp::Bytes buffer(65536);
        for (;;) {
            asio::ip::udp::endpoint from;
            auto [ec, n] = co_await back_.async_receive_from(asio::buffer(buffer), from,
                                                             smp::detail::use_nothrow_awaitable);
            if (ec)
                co_return;
            co_await front_.async_send_to(asio::buffer(buffer.data(), n), client_,
                                          smp::detail::use_nothrow_awaitable);
        }
    }

    asio::io_context io_;
    asio::ip::udp::endpoint device_;
    asio::ip::udp::endpoint client_{};
    asio::ip::udp::socket front_;
    asio::ip::udp::socket back_;
    mutable std::mutex mutex_;
    std::map<Key, unsigned> counts_{};
    std::thread thread_;
};

}  // namespace smp_it
