// SPDX-License-Identifier: Apache-2.0
#pragma once
// The virtual SMP device, sans-I/O: request packets and the current time go in, response
// messages and actions (delay, reset) come out. No sockets, threads or clocks here; the
// smpsim executable (tools/smpsim) is the I/O shell around it.
//
// Processing model (Zephyr transport/src/smp.c): each received packet takes a buffer from the
// pool or is dropped; one packet is processed at a time, in order; while it is processed its
// buffer and one response buffer are held, so packets arriving meanwhile compete for the rest.
//
// Thread safety: none; drive one Device from one thread (one Asio strand).
#include <smp/protocol/bytes.hpp>
#include <smp/server/buffer_pool.hpp>
#include <smp/server/config.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

/// The virtual SMP device behind smpsim, sans-I/O.
namespace smp::server {

/// Time since the device was powered on, as measured by the caller's clock.
using Duration = std::chrono::microseconds;

/// What receive() did with a packet: queued it, or dropped it for want of a free buffer or
/// because it exceeds the transport's limit.
enum class Admission { accepted, dropped_no_buffer, dropped_too_large };

/// What processing one packet produced.
struct Output {
    std::vector<Bytes> responses{};  ///< whole SMP messages, each sent on its own
    Duration busy{0};  ///< time the device spent (CPU, flash erase/write) before answering
    Duration cpu{0};   ///< the part of `busy` that is emulated CPU time (DeviceConfig::cpu_per_kb)
    bool reset = false;  ///< the device reboots `reset_delay` after sending
    /// Time between sending the responses and the reboot (Zephyr: about 250 ms).
    Duration reset_delay{0};
};

class Models;  // flash, boot state, settings, file system ... (src/server)

/// The virtual SMP device: a Zephyr application or MCUboot serial recovery, sans-I/O.
class Device {
  public:
    /// A powered-on device with `config`; loads persisted state from config.state_dir, if any.
    explicit Device(DeviceConfig config);
    ~Device();
    Device(const Device&) = delete;
    Device& operator=(const Device&) = delete;

    /// A packet arrived from a transport. `max_message` is the transport's limit on the SMP
    /// message(s) in it (serial: buf_size - 4); longer packets are dropped.
    Admission receive(Bytes packet, std::size_t max_message);
    /// True when received packets wait for process_next().
    bool has_pending() const noexcept { return !queue_.empty(); }
    /// Number of received packets waiting for process_next().
    std::size_t pending() const noexcept { return queue_.size(); }

    /// Takes the oldest queued packet and processes it; its buffers stay held until finish().
    Output process_next(Duration now);
    /// The responses of the last process_next() were sent: release its buffers.
    void finish();
    /// The extra CPU time the packet being processed owes because its work overlapped
    /// another request (one waiting when it started, or one received during it):
    /// Output::cpu x DeviceConfig::cpu_overlap_slowdown. The runner asks when Output::busy
    /// has passed and answers that much later. Charged once per packet: 0 when asked again,
    /// when nothing overlapped, or without the option.
    Duration overlap_work(const Output& out);

    /// Drops the queued packets not yet processed and frees their buffers; the one being
    /// processed still finishes. Zephyr does this for the requests of a connection that went
    /// away (smp_bt.c; shared/protocol.md §5.3). Returns how many were dropped.
    std::size_t discard_pending();

    /// Processes one packet directly, bypassing the queue (tests, single-shot use).
    Output process(ByteView packet, Duration now);

    /// Reboot: RAM state is lost, queued packets are dropped, MCUboot runs (swap, revert or
    /// slot choice per DeviceConfig::mcuboot_mode), then the application starts, or MCUboot
    /// serial recovery when the reset was asked with boot_mode 1 (until the next reset).
    void reset();
    /// Writes the persistent state (slots, settings) to the state directory.
    void flush();

    /// The configuration given at construction.
    const DeviceConfig& config() const noexcept { return config_; }
    /// The SMP buffer pool (for tests and statistics).
    const BufferPool& pool() const noexcept { return pool_; }
    /// The firmware answering now (Personality::mcuboot_serial after a boot_mode 1 reset).
    Personality running() const noexcept;
    /// The running firmware's SMP buffer size: what a transport may deliver in one packet.
    std::size_t buf_size() const noexcept;
    /// Number of reboots since construction.
    std::uint64_t resets() const noexcept { return resets_; }
    /// The device's internal models (flash, boot state, settings, ...) for tests.
    Models& models() noexcept { return *models_; }

  private:
    DeviceConfig config_;
    BufferPool pool_;
    std::deque<Bytes> queue_{};
    std::size_t held_ = 0;          ///< buffers held by the packet being processed
    bool overlapped_ = false;       ///< another request waited or arrived during its work
    bool overlap_charged_ = false;  ///< overlap_work() already charged it
    std::uint64_t processed_ = 0;
    std::uint64_t resets_ = 0;
    std::unique_ptr<Models> models_;
};

}  // namespace smp::server
