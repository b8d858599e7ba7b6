#include "serial_endpoint.hpp"

#include <fcntl.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>
#include <iostream>
#include <stdexcept>

namespace smpsim {
namespace {

template <class Stream>
void write_frames(Stream& stream, const SerialStream& codec, const smp::Bytes& response) {
    auto data = std::make_shared<smp::Bytes>(codec.encode(response));
    asio::async_write(stream, asio::buffer(*data), [data](const asio::error_code&, std::size_t) {});
}

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

PtyEndpoint::PtyEndpoint(asio::io_context& io, Runner& runner, bool raw)
    : runner_(runner),
      master_(io),
      stream_(raw, stream_max_message(runner.device().config()),
              runner.device().config().line_length) {
    const int fd = ::posix_openpt(O_RDWR | O_NOCTTY);
    if (fd < 0 || ::grantpt(fd) != 0 || ::unlockpt(fd) != 0)
        throw std::runtime_error("cannot create a pseudo-terminal");
    path_ = ::ptsname(fd);
    slave_keepalive_ = ::open(path_.c_str(), O_RDWR | O_NOCTTY);
    termios tio{};
    ::tcgetattr(slave_keepalive_, &tio);
    ::cfmakeraw(&tio);
    ::tcsetattr(slave_keepalive_, TCSANOW, &tio);
    master_.assign(fd);
}

PtyEndpoint::~PtyEndpoint() {
    if (slave_keepalive_ >= 0)
        ::close(slave_keepalive_);
}

void PtyEndpoint::start() {
    read();
}

void PtyEndpoint::read() {
    master_.async_read_some(asio::buffer(buffer_), [this](const asio::error_code& ec,
                                                          std::size_t n) {
        if (ec == asio::error::operation_aborted)
            return;
        if (ec) {
            std::cerr << "smpsim: pty read: " << ec.message() << "\n";
            return;
        }
        const smp::ByteView bytes(buffer_.data(), n);
        for (auto& p : stream_.feed(bytes)) {
            runner_.submit(
                std::move(p), serial_max_message(runner_.device().buf_size()),
                [this](const smp::Bytes& response) { write_frames(master_, stream_, response); },
                true);
        }
        read();
    });
}

TcpSerialEndpoint::TcpSerialEndpoint(asio::io_context& io, Runner& runner,
                                     const asio::ip::tcp::endpoint& bind, bool raw)
    : runner_(runner), raw_(raw), acceptor_(io, bind) {}

std::string TcpSerialEndpoint::address() const {
    const auto ep = acceptor_.local_endpoint();
    const auto host = ep.address().to_string();
    return (ep.address().is_v6() ? "[" + host + "]" : host) + ":" + std::to_string(ep.port());
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
