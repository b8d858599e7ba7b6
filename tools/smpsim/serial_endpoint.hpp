// SPDX-License-Identifier: Apache-2.0
#pragma once
// Serial SMP over accepted TCP connections (like QEMU's or ser2net's UART sockets), and the
// buffer limits every serial endpoint shares (the PTY one: pty_endpoint.hpp). Console framing
// by default, raw SMP optionally.
#include "runner.hpp"
#include "serial_stream.hpp"

#include <algorithm>
#include <memory>
#include <string>

namespace smpsim {

/// Decoded-size limit: [len + message + CRC] must fit one net_buf (buf_size - 4 for the message).
inline std::size_t serial_max_message(std::size_t buf_size) {
    return buf_size > 4 ? buf_size - 4 : 0;
}

/// The stream decoder takes what either firmware could (the application, or the MCUboot
/// recovery a boot_mode 1 reset enters); the device drops what the running one cannot.
inline std::size_t stream_max_message(const smp::server::DeviceConfig& c) {
    return serial_max_message(std::max(c.buf_size, c.recovery_buf_size));
}

/// Sends one response, framed by `codec`, on a stream (a TCP socket, a PTY's master side).
template <class Stream>
void write_frames(Stream& stream, const SerialStream& codec, const smp::Bytes& response) {
    auto data = std::make_shared<smp::Bytes>(codec.encode(response));
    asio::async_write(stream, asio::buffer(*data), [data](const asio::error_code&, std::size_t) {});
}

class TcpSerialEndpoint {
  public:
    TcpSerialEndpoint(asio::io_context& io, Runner& runner, const asio::ip::tcp::endpoint& bind,
                      bool raw);
    std::string address() const;
    void start();

  private:
    void accept();
    Runner& runner_;
    bool raw_;
    asio::ip::tcp::acceptor acceptor_;
};

}  // namespace smpsim
