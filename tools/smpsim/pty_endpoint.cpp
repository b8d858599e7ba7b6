// SPDX-License-Identifier: Apache-2.0
#include "pty_endpoint.hpp"

#include "serial_endpoint.hpp"

#include <stdexcept>

#ifndef _WIN32
#include <fcntl.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include <array>
#include <iostream>
#endif

namespace smpsim {

#ifdef _WIN32

struct PtyEndpoint::Impl {
    std::string path{};
};

PtyEndpoint::PtyEndpoint(asio::io_context&, Runner&, bool) {
    throw std::runtime_error(
        "--pty: Windows has no pseudo-terminals; serve serial framing over TCP instead "
        "(--tcp 127.0.0.1:7000, which smpctl reaches as tcp://127.0.0.1:7000) or use --udp");
}

PtyEndpoint::~PtyEndpoint() = default;

const std::string& PtyEndpoint::path() const {
    return impl_->path;
}

void PtyEndpoint::start() {}

#else

struct PtyEndpoint::Impl {
    Impl(asio::io_context& io, Runner& device_runner, bool raw)
        : runner(device_runner),
          master(io),
          stream(raw, stream_max_message(device_runner.device().config()),
                 device_runner.device().config().line_length) {}
    ~Impl() {
        if (slave_keepalive >= 0)
            ::close(slave_keepalive);
    }

    void open() {
        const int fd = ::posix_openpt(O_RDWR | O_NOCTTY);
        if (fd < 0 || ::grantpt(fd) != 0 || ::unlockpt(fd) != 0)
            throw std::runtime_error("cannot create a pseudo-terminal");
        path = ::ptsname(fd);
        // Keeps the PTY from hanging up while no client has it open; raw, like a UART.
        slave_keepalive = ::open(path.c_str(), O_RDWR | O_NOCTTY);
        termios tio{};
        ::tcgetattr(slave_keepalive, &tio);
        ::cfmakeraw(&tio);
        ::tcsetattr(slave_keepalive, TCSANOW, &tio);
        master.assign(fd);
    }

    void read() {
        master.async_read_some(asio::buffer(buffer), [this](const asio::error_code& ec,
                                                            std::size_t n) {
            if (ec == asio::error::operation_aborted)
                return;
            if (ec) {
                std::cerr << "smpsim: pty read: " << ec.message() << "\n";
                return;
            }
            for (auto& p : stream.feed(smp::ByteView(buffer.data(), n))) {
                runner.submit(
                    std::move(p), serial_max_message(runner.device().buf_size()),
                    [this](const smp::Bytes& response) { write_frames(master, stream, response); },
                    true);
            }
            read();
        });
    }

    Runner& runner;
    asio::posix::stream_descriptor master;
    int slave_keepalive = -1;
    std::string path{};
    SerialStream stream;
    std::array<std::uint8_t, 512> buffer{};
};

PtyEndpoint::PtyEndpoint(asio::io_context& io, Runner& runner, bool raw)
    : impl_(std::make_unique<Impl>(io, runner, raw)) {
    impl_->open();
}

PtyEndpoint::~PtyEndpoint() = default;

const std::string& PtyEndpoint::path() const {
    return impl_->path;
}

void PtyEndpoint::start() {
    impl_->read();
}

#endif

}  // namespace smpsim
