// SPDX-License-Identifier: Apache-2.0
// SMP serial framing over a TCP byte stream: ser2net, QEMU's socket chardev (see
// smp/transport/serial.hpp).
#include <smp/transport/serial.hpp>

#include <asio/connect.hpp>
#include <asio/ip/tcp.hpp>

#include "transport/serial_stream_transport.hpp"

namespace smp {
namespace {

class TcpSerialTransport final : public detail::SerialStreamTransport<asio::ip::tcp::socket> {
  public:
    TcpSerialTransport(const asio::any_io_executor& executor, TcpSerialOptions options)
        : SerialStreamTransport(executor, std::move(options.link)),
          options_(std::move(options)),
          resolver_(executor) {}

    std::string address() const override {
        const bool v6 = options_.host.find(':') != std::string::npos;
        return "tcp-serial://" + (v6 ? "[" + options_.host + "]" : options_.host) + ":" +
               std::to_string(options_.port);
    }

  protected:
    asio::awaitable<void> open_stream() override {
        auto endpoints = co_await resolver_.async_resolve(
            options_.host, std::to_string(options_.port), asio::use_awaitable);
        co_await asio::async_connect(stream_, endpoints, asio::use_awaitable);
        // Frames are small and latency matters more than packet count.
        stream_.set_option(asio::ip::tcp::no_delay(true));
    }
    void cancel_open() override { resolver_.cancel(); }

  private:
    TcpSerialOptions options_;
    asio::ip::tcp::resolver resolver_;
};

}  // namespace

std::unique_ptr<Transport> make_tcp_serial_transport(asio::any_io_executor executor,
                                                     TcpSerialOptions options) {
    return std::make_unique<TcpSerialTransport>(executor, std::move(options));
}

}  // namespace smp
