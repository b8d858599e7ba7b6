// SPDX-License-Identifier: Apache-2.0
#pragma once
// The SMP side of the fake BlueZ peer: what a Zephyr device's smp_bt.c does with the bytes.
// GATT writes go in (each one ATT Write Without Response value), notifications come out, both
// paced by the emulated connection interval; requests are processed one at a time by
// smp::server::Device with its buffer pool, flash time and resets.
//
// Without --reassembly each write is one whole SMP packet (CONFIG_MCUMGR_TRANSPORT_BT_REASSEMBLY
// off, the Kconfig default): a request cut across writes reaches the device truncated. With it,
// writes are joined by the header's length up to buf_size (smp_reassembly.c).
//
// Like Zephyr, a request that finds no free buffer is dropped without an answer (the pool of
// smp::server::Device, as in smpsim), and the queued requests of a link that went down are
// discarded. Faults (loss, duplication, reordering, corruption) apply to whole messages
// (message_faults.hpp).
#include "message_faults.hpp"

#include <smp/protocol/ble/reassembly.hpp>
#include <smp/server/device.hpp>

#include <asio.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <optional>

namespace fake_bluez {

struct PeripheralConfig {
    smp::server::DeviceConfig device{};
    std::size_t mtu = 247;
    bool reassembly = false;
    std::chrono::microseconds conn_interval{0};  ///< 0: no pacing
    std::size_t packets_per_interval = 4;        ///< per direction and connection event
    std::optional<std::uint64_t> drop_after{};   ///< drop the link when request N+1 arrives
    smp::server::LinkConfig link{};              ///< faults on whole messages (seeded)
};

/// What the connection-interval pacing did, for tests: packets moved per connection event.
struct PacingStats {
    std::uint64_t events = 0;              ///< connection events that moved a packet
    std::size_t max_writes_per_event = 0;  ///< writes delivered in one event
    std::size_t max_notifications_per_event = 0;
    std::size_t max_write_backlog = 0;  ///< writes waiting at the start of an event
};

class SmpPeripheral {
  public:
    using Notify = std::function<void(smp::Bytes)>;
    using LinkLost = std::function<void(const char* why)>;

    SmpPeripheral(asio::io_context& io, PeripheralConfig config);

    /// The link came up; `notify` sends one notification value, `lost` drops the link.
    void connect(Notify notify, LinkLost lost);
    /// The link went down: queued packets and the request in progress are dropped.
    void disconnect();
    bool connected() const noexcept { return notify_ != nullptr; }

    /// One write without response arrived.
    void write(smp::Bytes value);

    const PeripheralConfig& config() const noexcept { return config_; }
    const PacingStats& pacing() const noexcept { return pacing_; }

  private:
    void tick();
    void schedule_tick();
    void deliver_write(smp::Bytes value);
    void submit(smp::Bytes message);
    void admit(smp::Bytes message);
    void pump();
    void send(const std::vector<smp::Bytes>& responses);
    void notify_message(const smp::Bytes& response);
    smp::server::Duration now() const;
    void reset();

    asio::io_context& io_;
    PeripheralConfig config_;
    smp::server::Device device_;
    smp::ble::Reassembler reassembler_;
    MessageFaults faults_in_;
    MessageFaults faults_out_;
    PacingStats pacing_{};
    Notify notify_{};
    LinkLost lost_{};
    std::deque<smp::Bytes> writes_{};         ///< received, waiting for a connection event
    std::deque<smp::Bytes> notifications_{};  ///< to send, waiting for a connection event
    asio::steady_timer tick_timer_;
    asio::steady_timer busy_timer_;
    asio::steady_timer reset_timer_;
    bool tick_armed_ = false;
    bool processing_ = false;
    std::uint64_t requests_ = 0;
    std::uint64_t link_ = 0;  ///< bumped on disconnect: responses for an old link are dropped
    std::uint64_t boot_ = 0;  ///< bumped on reset: work of a previous boot is dropped
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace fake_bluez
