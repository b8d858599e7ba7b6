// SPDX-License-Identifier: Apache-2.0
#include "pty_tap.hpp"

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <stdexcept>

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
        const ssize_t n = ::write(fd, data, size);
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

PtyTap::PtyTap(const std::string& device) {
    device_fd_ = ::open(device.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK);
    master_fd_ = ::posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK);
    if (device_fd_ < 0 || master_fd_ < 0 || ::grantpt(master_fd_) != 0 ||
        ::unlockpt(master_fd_) != 0 || ::pipe(stop_pipe_) != 0) {
        close_all();
        throw std::runtime_error("PtyTap: cannot open " + device + " or a new PTY");
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
