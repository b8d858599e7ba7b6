// SPDX-License-Identifier: Apache-2.0
// sdbus-c++ on an Asio executor (design notes in ble_dbus_loop.hpp).
#include "ble_dbus_loop.hpp"

#include <poll.h>
#include <unistd.h>

namespace smp::transport::detail {

struct DbusAsioLoop::State : std::enable_shared_from_this<DbusAsioLoop::State> {
    State(asio::any_io_executor executor, sdbus::IConnection& c,
          std::function<void(std::exception_ptr)> error_handler)
        : connection(&c),
          // A duplicate, so Asio closing its descriptor never closes sd-bus's socket.
          socket(executor, ::dup(c.getEventLoopPollData().fd)),
          timer(executor),
          on_error(std::move(error_handler)) {}

    void arm() {
        if (stopped)
            return;
        const auto poll = connection->getEventLoopPollData();
        const auto generation = ++armed;
        socket.cancel();
        timer.cancel();
        auto wake = [self = shared_from_this(), generation](const asio::error_code& ec) {
            if (!ec && generation == self->armed)
                self->run();
        };
        if (poll.events & POLLIN)
            socket.async_wait(asio::posix::stream_descriptor::wait_read, wake);
        if (poll.events & POLLOUT)
            socket.async_wait(asio::posix::stream_descriptor::wait_write, wake);
        if (const auto timeout = poll.getRelativeTimeout()) {
            timer.expires_after(*timeout);
            timer.async_wait(wake);
        }
    }

    void run() {
        if (stopped)
            return;
        try {
            while (connection->processPendingRequest()) {
                if (stopped)
                    return;  // a callback destroyed the loop's owner
            }
        } catch (...) {
            stopped = true;
            if (on_error)
                on_error(std::current_exception());
            return;
        }
        arm();
    }

    void stop() {
        stopped = true;
        asio::error_code ignored;
        socket.cancel(ignored);
        timer.cancel();
    }

    sdbus::IConnection* connection;
    asio::posix::stream_descriptor socket;
    asio::steady_timer timer;
    std::function<void(std::exception_ptr)> on_error;
    std::uint64_t armed = 0;
    bool stopped = false;
    bool kick_posted = false;
};

DbusAsioLoop::DbusAsioLoop(asio::any_io_executor executor, sdbus::IConnection& connection,
                           std::function<void(std::exception_ptr)> on_error)
    : state_(std::make_shared<State>(std::move(executor), connection, std::move(on_error))) {
    kick();
}

DbusAsioLoop::~DbusAsioLoop() {
    state_->stop();
}

void DbusAsioLoop::kick() {
    if (state_->kick_posted || state_->stopped)
        return;
    state_->kick_posted = true;
    asio::post(state_->socket.get_executor(), [self = state_] {
        self->kick_posted = false;
        self->run();
    });
}

}  // namespace smp::transport::detail
