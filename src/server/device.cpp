// SPDX-License-Identifier: Apache-2.0
#include <smp/server/device.hpp>

#include <algorithm>

#include "server/models.hpp"

namespace smp::server {
namespace {

// One packet through the groups, with what handling it did to the device.
// MCUboot has one receive buffer and answers from its own output buffer (boot_serial.c).
BufferPool pool_for(Personality running, const DeviceConfig& c, std::size_t buf_size) {
    return BufferPool(running == Personality::mcuboot_serial ? 1 : c.buf_count, buf_size);
}

Output dispatch(Models& models, ByteView packet, Duration now, bool response_buffer) {
    Effects effects;
    Output out;
    out.responses = dispatch_packet(models, packet, now, effects, response_buffer);
    out.busy = effects.busy;
    out.reset = effects.reset;
    out.reset_delay = effects.reset_delay;
    return out;
}

// The emulated CPU time of a request of `bytes` with `waiting` requests queued behind it.
Duration cpu_time(const DeviceConfig& c, std::size_t bytes, std::size_t waiting) {
    const double base =
        static_cast<double>(c.cpu_per_kb.count()) * static_cast<double>(bytes) / 1024.0;
    const double slower = 1.0 + c.cpu_slowdown_per_waiting * static_cast<double>(waiting);
    return Duration(static_cast<Duration::rep>(base * slower));
}

}  // namespace

Device::Device(DeviceConfig config)
    : config_(std::move(config)),
      pool_(pool_for(config_.personality, config_, config_.buf_size)),
      models_(std::make_unique<Models>(config_)) {
    models_->load();
}

Personality Device::running() const noexcept {
    return models_->running;
}

std::size_t Device::buf_size() const noexcept {
    return models_->buf_size();
}

Device::~Device() = default;

Admission Device::receive(Bytes packet, std::size_t max_message) {
    if (packet.size() > max_message)
        return Admission::dropped_too_large;
    if (!pool_.try_allocate())
        return Admission::dropped_no_buffer;
    queue_.push_back(std::move(packet));
    if (held_ > 0)
        overlapped_ = true;  // it arrives while a request is being handled
    return Admission::accepted;
}

Output Device::process_next(Duration now) {
    if (queue_.empty())
        return {};
    Bytes packet = std::move(queue_.front());
    queue_.pop_front();
    held_ = 1;  // the request's own buffer, taken in receive()
    overlapped_ = !queue_.empty();
    overlap_charged_ = false;
    // smp.c allocates the response buffer from the same pool before running the handler.
    // MCUboot answers from its own static buffer: its single receive buffer is all it has.
    // With a single buffer (buf_count 1) the answer reuses the request's buffer: a Zephyr
    // build with NETBUF_COUNT=1 could not answer at all, so we model the single-buffer
    // devices that do exist (MCUboot-style), which process one request at a time.
    const bool own_buffer = models_->running == Personality::mcuboot_serial || pool_.count() == 1;
    const bool response_buffer = own_buffer || pool_.try_allocate();
    if (response_buffer && !own_buffer)
        ++held_;
    Output out = dispatch(*models_, packet, now, response_buffer);
    out.cpu = cpu_time(config_, packet.size(), queue_.size());
    out.busy += out.cpu;
    ++processed_;
    if (config_.reset_after_requests && processed_ >= *config_.reset_after_requests) {
        processed_ = 0;
        out.reset = true;
    }
    return out;
}

Duration Device::overlap_work(const Output& out) {
    if (!overlapped_ || overlap_charged_ || config_.cpu_overlap_slowdown <= 0)
        return Duration{0};
    overlap_charged_ = true;
    return std::chrono::duration_cast<Duration>(out.cpu * config_.cpu_overlap_slowdown);
}

void Device::finish() {
    for (; held_ > 0; --held_)
        pool_.release();
}

std::size_t Device::discard_pending() {
    const std::size_t dropped = queue_.size();
    for (std::size_t i = 0; i < dropped; ++i)
        pool_.release();  // each queued packet holds the buffer receive() took for it
    queue_.clear();
    return dropped;
}

Output Device::process(ByteView packet, Duration now) {
    return dispatch(*models_, packet, now, true);
}

void Device::reset() {
    queue_.clear();
    held_ = 0;
    overlapped_ = false;
    models_->on_reset();
    // The firmware that comes up may be another one (recovery), with its own buffers.
    pool_ = pool_for(models_->running, config_, models_->buf_size());
    models_->flush();
    ++resets_;
}

void Device::flush() {
    models_->flush();
}

}  // namespace smp::server
