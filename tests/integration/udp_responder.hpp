// SPDX-License-Identifier: Apache-2.0
#pragma once
// A small SMP device on a real loopback UDP socket, built on the protocol core. It stands in
// for smpsim until smpsim lands on main; then these tests switch to the smpsim process.
// Behaviour knobs let tests provoke what a real device and network do: no params command,
// SMP v1 only, a late (stale) answer, silence, lost datagrams, duplicated answers.
#include <smp/detail/asio_compat.hpp>
#include <smp/protocol/messages/image.hpp>
#include <smp/protocol/messages/os.hpp>

#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>

#include <atomic>
#include <mutex>
#include <optional>
#include <thread>

#include "support/zephyr_upload_model.hpp"

namespace smp::test {

struct ResponderConfig {
    std::string address = "127.0.0.1";
    std::optional<std::uint64_t> buf_size = 256;  ///< nullopt: no params command (rc 8)
    std::uint64_t buf_count = 4;
    bool v1_only = false;          ///< answers v2 requests with rc 13 (too new), v1 in v1
    bool hold_first_echo = false;  ///< answers the first echo only after the next request
    unsigned drop_every = 0;       ///< drop every Nth received datagram
    unsigned duplicate_every = 0;  ///< send every Nth answer twice
};

class UdpResponder {
  public:
    explicit UdpResponder(ResponderConfig config)
        : config_(std::move(config)),
          socket_(io_, asio::ip::udp::endpoint(asio::ip::make_address(config_.address), 0)) {
        asio::co_spawn(io_, serve(), asio::detached);
        thread_ = std::thread([this] { io_.run(); });
    }
    ~UdpResponder() {
        io_.stop();
        thread_.join();
    }
    std::uint16_t port() const { return socket_.local_endpoint().port(); }

    ZephyrUploadModel& device() { return device_; }  // read after the client is done
    std::uint64_t received() const { return received_; }

  private:
    asio::awaitable<void> serve() {
        Bytes buffer(65536);
        for (;;) {
            asio::ip::udp::endpoint from;
            auto [ec, n] = co_await socket_.async_receive_from(asio::buffer(buffer), from,
                                                               detail::use_nothrow_awaitable);
            if (ec)
                co_return;
            ++received_;
            if (config_.drop_every && received_ % config_.drop_every == 0)
                continue;
            auto request = decode_message(ByteView(buffer.data(), n));
            if (!request)
                continue;
            if (held_) {
                send(from, *held_);
                held_.reset();
            }
            auto answer = handle(*request);
            if (!answer)
                continue;
            if (is_held(*request)) {
                held_ = answer;
                continue;
            }
            send(from, *answer);
            if (config_.duplicate_every && ++answers_ % config_.duplicate_every == 0)
                send(from, *answer);
        }
    }

    bool is_held(const Message& request) {
        if (!config_.hold_first_echo || request.header.group != 0 || request.header.command != 0)
            return false;
        return echoes_++ == 0;
    }

    void send(const asio::ip::udp::endpoint& to, const Bytes& bytes) {
        asio::error_code ignored;
        socket_.send_to(asio::buffer(bytes), to, 0, ignored);
    }

    std::optional<Bytes> handle(const Message& request) {
        Header h = request.header;
        h.op = response_op(h.op);
        if (config_.v1_only) {
            if (h.version != Version::v1)
                return encode_message(h, encode_rc_payload(13));
        }
        auto reply = [&](const Bytes& payload) { return encode_message(h, payload); };
        if (h.group == 0 && h.command == 0) {
            auto echo = decode_payload<os::Echo>(request.payload);
            return reply(encode_payload(os::EchoResponse{.r = echo ? echo->d : ""}));
        }
        if (h.group == 0 && h.command == 6) {
            if (!config_.buf_size)
                return reply(encode_rc_payload(8));
            return reply(encode_payload(os::McumgrParamsResponse{.buf_size = *config_.buf_size,
                                                                 .buf_count = config_.buf_count}));
        }
        if (h.group == 0 && h.command == 4)  // datetime: this device has no RTC
            return reply(
                encode_group_error_payload(0, static_cast<std::uint16_t>(OsError::rtc_not_set)));
        if (h.group == 0 && h.command == 2)  // task stats: never answered
            return std::nullopt;
        if (h.group == 1 && h.command == 1) {
            auto upload = decode_payload<image::Upload>(request.payload);
            if (!upload)
                return reply(encode_rc_payload(3));
            auto answer = device_.handle(*upload);
            if (!answer)
                return reply(encode_group_error_payload(
                    1, static_cast<std::uint16_t>(answer.error().device->rc)));
            return reply(encode_payload(*answer));
        }
        return reply(encode_rc_payload(8));
    }

    ResponderConfig config_;
    asio::io_context io_{1};
    asio::ip::udp::socket socket_;
    std::thread thread_;
    ZephyrUploadModel device_{};
    std::atomic<std::uint64_t> received_ = 0;
    std::optional<Bytes> held_{};
    unsigned echoes_ = 0;
    unsigned answers_ = 0;
};

}  // namespace smp::test
