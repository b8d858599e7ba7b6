// SPDX-License-Identifier: Apache-2.0
#pragma once
// Runs an sdbus-c++ connection on an Asio executor: no second thread, no busy polling.
//
// sd-bus tells us what to wait for (IConnection::getEventLoopPollData(): the bus socket, the
// poll events, an absolute CLOCK_MONOTONIC deadline); we wait for exactly that with
// stream_descriptor::async_wait and a steady_timer, then call processPendingRequest() until it
// has nothing left, and ask again. Every D-Bus callback therefore runs inside the Asio loop.
//
// Why kick(): a call our own code makes on the connection (an async method call, a signal
// emitted, a synchronous call that read and queued other messages) changes what sd-bus waits
// for, but the socket may never become readable for it (the messages are already in sd-bus's
// queue). Call kick() after using the connection outside a D-Bus callback; it re-evaluates on
// the next turn of the loop. Inside a callback it is not needed (the loop re-arms afterwards).
//
// Lifetime: the loop must not outlive the connection; destroying it cancels its waits.
// Thread safety: none; use from the thread running the executor.
#include <asio.hpp>

#include <sdbus-c++/IConnection.h>

#include <exception>
#include <functional>
#include <memory>

namespace smp::transport::detail {

class DbusAsioLoop {
  public:
    /// `on_error` receives what processPendingRequest() threw (the loop stops then).
    DbusAsioLoop(asio::any_io_executor executor, sdbus::IConnection& connection,
                 std::function<void(std::exception_ptr)> on_error = {});
    ~DbusAsioLoop();
    DbusAsioLoop(const DbusAsioLoop&) = delete;
    DbusAsioLoop& operator=(const DbusAsioLoop&) = delete;

    /// Processes what is pending and re-arms the waits, on the next turn of the loop.
    void kick();

  private:
    struct State;
    std::shared_ptr<State> state_;
};

}  // namespace smp::transport::detail
