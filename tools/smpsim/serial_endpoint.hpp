#pragma once
// Serial SMP over a byte stream: a pseudo-terminal (like a UART) or accepted TCP connections
// (like QEMU's or ser2net's UART sockets). Console framing by default, raw SMP optionally.
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

class PtyEndpoint {
  public:
    PtyEndpoint(asio::io_context& io, Runner& runner, bool raw);
    ~PtyEndpoint();
    const std::string& path() const { return path_; }
    void start();

  private:
    void read();
    Runner& runner_;
    asio::posix::stream_descriptor master_;
    int slave_keepalive_ = -1;  ///< keeps the PTY from hanging up when no client has it open
    std::string path_;
    SerialStream stream_;
    std::array<std::uint8_t, 512> buffer_{};
};

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
