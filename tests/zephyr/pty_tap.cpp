// SPDX-License-Identifier: Apache-2.0
#include "pty_tap.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace smp_zephyr {

namespace {

void make_raw(int fd) {
    termios t{};
    if (::tcgetattr(fd, &t) == 0) {
        ::cfmakeraw(&t);
        ::tcsetattr(fd, TCSANOW, &t);
    }
}

// Writes all of `data`, waiting while the peer's buffer is full.
bool write_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        // A socket peer that went away must be an error here, not a SIGPIPE for the test.
        ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
        if (n < 0 && errno == ENOTSOCK)
            n = ::write(fd, data, size);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            pollfd p{fd, POLLOUT, 0};
            ::poll(&p, 1, 100);
            continue;
        }
        if (n <= 0)
            return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace

PtyTap::PtyTap(const std::string& device)
    : PtyTap(::open(device.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK), device) {}

std::unique_ptr<PtyTap> PtyTap::to_tcp(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd >= 0 &&
        ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        throw std::runtime_error("PtyTap: cannot connect to 127.0.0.1:" + std::to_string(port));
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    return std::unique_ptr<PtyTap>(new PtyTap(fd, "127.0.0.1:" + std::to_string(port)));
}

PtyTap::PtyTap(int device_fd, const std::string& what) {
    device_fd_ = device_fd;
    master_fd_ = ::posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK);
    if (device_fd_ < 0 || master_fd_ < 0 || ::grantpt(master_fd_) != 0 ||
        ::unlockpt(master_fd_) != 0 || ::pipe(stop_pipe_) != 0) {
        close_all();
        throw std::runtime_error("PtyTap: cannot open " + what + " or a new PTY");
    }
    client_path_ = ::ptsname(master_fd_);
    make_raw(device_fd_);
    // While no client holds the slave, reads on the master fail with EIO; a kept descriptor
    // avoids that between two client sessions.
    client_keepalive_fd_ = ::open(client_path_.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK);
    make_raw(client_keepalive_fd_);
    thread_ = std::thread([this] { pump(); });
}

PtyTap::~PtyTap() {
    if (thread_.joinable()) {
        const char stop = 1;
        [[maybe_unused]] const auto n = ::write(stop_pipe_[1], &stop, 1);
        thread_.join();
    }
    close_all();
}

void PtyTap::close_all() {
    for (int* fd :
         {&device_fd_, &master_fd_, &client_keepalive_fd_, &stop_pipe_[0], &stop_pipe_[1]})
        if (*fd >= 0) {
            ::close(*fd);
            *fd = -1;
        }
}

void PtyTap::pump() {
    char buffer[4096];
    for (;;) {
        pollfd fds[3] = {
            {master_fd_, POLLIN, 0}, {device_fd_, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
        if (::poll(fds, 3, 200) < 0 && errno != EINTR)
            return;
        if (fds[2].revents != 0)
            return;
        if (fds[0].revents & POLLIN) {
            const ssize_t n = ::read(master_fd_, buffer, sizeof buffer);
            if (n > 0 && write_all(device_fd_, buffer, static_cast<std::size_t>(n)))
                to_device_ += static_cast<std::size_t>(n);
        }
        if (fds[1].revents & POLLIN) {
            const ssize_t n = ::read(device_fd_, buffer, sizeof buffer);
            if (n > 0 && write_all(master_fd_, buffer, static_cast<std::size_t>(n)))
                from_device_ += static_cast<std::size_t>(n);
        }
        if ((fds[1].revents & (POLLHUP | POLLERR)) && !(fds[1].revents & POLLIN))
            return;  // the server is gone
    }
}

}  // namespace smp_zephyr
