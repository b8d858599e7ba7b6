// SPDX-License-Identifier: Apache-2.0
#include "serial_endpoint.hpp"

#include "host_port.hpp"

#include <iostream>
#include <stdexcept>

namespace smpsim {
namespace {

// One accepted TCP connection: its own decoder; lives while the peer is connected.
class TcpSession : public std::enable_shared_from_this<TcpSession> {
  public:
    TcpSession(asio::ip::tcp::socket socket, Runner& runner, bool raw)
        : socket_(std::move(socket)),
          runner_(runner),
          stream_(raw, stream_max_message(runner.device().config()),
                  runner.device().config().line_length) {}
    void start() { read(); }

  private:
    void read() {
        socket_.async_read_some(
            asio::buffer(buffer_),
            [self = shared_from_this()](const asio::error_code& ec, std::size_t n) {
                if (ec)
                    return;
                self->on_bytes(smp::ByteView(self->buffer_.data(), n));
                self->read();
            });
    }
    void on_bytes(smp::ByteView bytes) {
        for (auto& p : stream_.feed(bytes)) {
            std::weak_ptr<TcpSession> weak = shared_from_this();
            runner_.submit(
                std::move(p), serial_max_message(runner_.device().buf_size()),
                [weak](const smp::Bytes& response) {
                    if (auto self = weak.lock())
                        write_frames(self->socket_, self->stream_, response);
                },
                true);
        }
    }
    asio::ip::tcp::socket socket_;
    Runner& runner_;
    SerialStream stream_;
    std::array<std::uint8_t, 512> buffer_{};
};

}  // namespace

TcpSerialEndpoint::TcpSerialEndpoint(asio::io_context& io, Runner& runner,
                                     const asio::ip::tcp::endpoint& bind, bool raw)
    : runner_(runner), raw_(raw), acceptor_(io, bind) {}

std::string TcpSerialEndpoint::address() const {
    return endpoint_text(acceptor_.local_endpoint());
}

void TcpSerialEndpoint::start() {
    accept();
}

void TcpSerialEndpoint::accept() {
    acceptor_.async_accept([this](const asio::error_code& ec, asio::ip::tcp::socket socket) {
        if (ec == asio::error::operation_aborted)
            return;
        if (!ec)
            std::make_shared<TcpSession>(std::move(socket), runner_, raw_)->start();
        accept();
    });
}

}  // namespace smpsim
