#pragma once
// Drives one smp::server::Device on an Asio io_context: queues packets from every endpoint,
// processes one at a time, waits out the emulated flash time, sends the responses back to
// the endpoint the request came from, and performs resets.
#include <smp/server/device.hpp>

#include <asio.hpp>

#include <chrono>
#include <deque>
#include <functional>

namespace smpsim {

using Reply = std::function<void(smp::Bytes)>;

class Runner {
  public:
    Runner(asio::io_context& io, smp::server::DeviceConfig config);

    /// A packet arrived; `reply` sends one response message back over the same endpoint.
    void submit(smp::Bytes packet, std::size_t max_message, Reply reply);
    /// Persists the device state (on shutdown).
    void flush() { device_.flush(); }
    smp::server::Device& device() { return device_; }

  private:
    void pump();
    smp::server::Duration now() const;
    void do_reset();

    asio::io_context& io_;
    smp::server::Device device_;
    std::deque<Reply> replies_;
    asio::steady_timer busy_timer_;
    asio::steady_timer reset_timer_;
    bool processing_ = false;
    std::uint64_t generation_ = 0;  ///< bumped by resets, to drop work of a previous boot
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace smpsim
