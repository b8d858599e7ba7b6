// SPDX-License-Identifier: Apache-2.0
#pragma once
// Drives one smp::server::Device on an Asio io_context: queues packets from every endpoint,
// processes one at a time, waits out the emulated flash time, sends the responses back to
// the endpoint the request came from, and performs resets.
#include <smp/server/device.hpp>
#include <smp/server/fault_injector.hpp>

#include <asio.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <vector>

namespace smpsim {

using Reply = std::function<void(smp::Bytes)>;

class Runner {
  public:
    Runner(asio::io_context& io, smp::server::DeviceConfig config,
           smp::server::LinkConfig link = {});

    /// A packet arrived; `reply` sends one response message back over the same endpoint.
    /// `serial`: the packet crossed a serial line (baud rate emulation applies).
    /// The link emulation (latency, baud, faults) is applied here in both directions.
    void submit(smp::Bytes packet, std::size_t max_message, Reply reply, bool serial = false);
    /// The emulated link (faults, latency) for datagrams that are not SMP packets themselves:
    /// DTLS records, whose plaintext then goes to the device through handle().
    void carry_in(smp::Bytes datagram, std::function<void(smp::Bytes)> deliver);
    void carry_out(smp::Bytes datagram, std::function<void(smp::Bytes)> deliver);
    /// A packet past the link emulation, for the device (as submit() does after the link).
    void handle(smp::Bytes packet, std::size_t max_message, Reply reply) {
        arrive(std::move(packet), max_message, std::move(reply));
    }
    /// Called at each device reset: what lives in the device's RAM (DTLS sessions) is lost.
    void on_reset(std::function<void()> f) { reset_hooks_.push_back(std::move(f)); }
    /// Persists the device state (on shutdown).
    void flush() { device_.flush(); }
    smp::server::Device& device() { return device_; }

  private:
    /// One direction of the emulated link.
    struct Direction {
        explicit Direction(const smp::server::LinkConfig& link) : faults(link) {}
        smp::server::FaultInjector faults;
        std::chrono::steady_clock::time_point free_at{};  ///< serial line busy until
        std::function<void()> held{};                     ///< packet held back (reordering)
    };
    void arrive(smp::Bytes packet, std::size_t max_message, Reply reply);
    void emit(const Reply& reply, smp::Bytes response, bool serial);
    // Applies faults, latency and baud pacing, then runs `deliver` (twice when duplicated).
    void through_link(Direction& dir, smp::Bytes packet, bool serial,
                      std::chrono::milliseconds latency, std::function<void(smp::Bytes)> deliver);
    void after(std::chrono::steady_clock::duration delay, std::function<void()> f);
    void pump();
    // When the work of a request is done (and its overlap work, if it owes any): its answer
    // goes out and the next request starts.
    void end_work(Reply reply, smp::server::Output out);
    smp::server::Duration now() const;
    void do_reset();
    // The reboot an answer asked for (os reset), `delay` after the answer went out.
    void reset_after(smp::server::Duration delay);

    asio::io_context& io_;
    smp::server::LinkConfig link_;
    Direction in_;
    Direction out_;
    smp::server::Device device_;
    std::deque<Reply> replies_;
    std::vector<std::function<void()>> reset_hooks_;
    asio::steady_timer busy_timer_;
    asio::steady_timer reset_timer_;
    bool processing_ = false;
    std::uint64_t generation_ = 0;  ///< bumped by resets, to drop work of a previous boot
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace smpsim
