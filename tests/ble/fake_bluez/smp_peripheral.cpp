// SPDX-License-Identifier: Apache-2.0
#include "smp_peripheral.hpp"

#include <algorithm>
#include <iostream>

namespace fake_bluez {

SmpPeripheral::SmpPeripheral(asio::io_context& io, PeripheralConfig config)
    : io_(io),
      config_(std::move(config)),
      device_(config_.device),
      reassembler_(config_.device.buf_size),
      faults_in_(io, config_.link, "request"),
      faults_out_(io, config_.link, "response"),
      tick_timer_(io),
      busy_timer_(io),
      reset_timer_(io) {}

void SmpPeripheral::connect(Notify notify, LinkLost lost) {
    notify_ = std::move(notify);
    lost_ = std::move(lost);
}

void SmpPeripheral::disconnect() {
    // Zephyr drops the queued requests of a connection that went away (smp_bt.c); the one in
    // progress finishes, but its response has no link to go to.
    ++link_;
    notify_ = nullptr;
    lost_ = nullptr;
    writes_.clear();
    notifications_.clear();
    reassembler_.reset();
    faults_in_.clear();
    faults_out_.clear();
    if (const auto dropped = device_.discard_pending(); dropped > 0)
        std::cerr << "fake_bluez: discarded " << dropped << " queued request(s) of the lost link\n";
}

void SmpPeripheral::write(smp::Bytes value) {
    if (!connected())
        return;
    if (config_.conn_interval.count() == 0)
        return deliver_write(std::move(value));
    writes_.push_back(std::move(value));
    schedule_tick();
}

void SmpPeripheral::schedule_tick() {
    if (tick_armed_)
        return;
    tick_armed_ = true;
    tick_timer_.expires_after(config_.conn_interval);
    tick_timer_.async_wait([this](const asio::error_code& ec) {
        tick_armed_ = false;
        if (!ec)
            tick();
    });
}

// One connection event: a few packets each way.
void SmpPeripheral::tick() {
    ++pacing_.events;
    pacing_.max_write_backlog = std::max(pacing_.max_write_backlog, writes_.size());
    std::size_t writes = 0;
    for (; writes < config_.packets_per_interval && !writes_.empty(); ++writes) {
        auto value = std::move(writes_.front());
        writes_.pop_front();
        deliver_write(std::move(value));
        if (!connected())
            return;
    }
    pacing_.max_writes_per_event = std::max(pacing_.max_writes_per_event, writes);
    std::size_t notifications = 0;
    for (; notifications < config_.packets_per_interval && !notifications_.empty();
         ++notifications) {
        auto value = std::move(notifications_.front());
        notifications_.pop_front();
        notify_(std::move(value));
        if (!connected())
            return;
    }
    pacing_.max_notifications_per_event =
        std::max(pacing_.max_notifications_per_event, notifications);
    if (!writes_.empty() || !notifications_.empty())
        schedule_tick();
}

void SmpPeripheral::deliver_write(smp::Bytes value) {
    if (!config_.reassembly)
        return submit(std::move(value));
    if (auto status = reassembler_.feed(value); !status)
        std::cerr << "fake_bluez: reassembly: " << status.error().message() << "\n";
    while (auto message = reassembler_.next())
        submit(std::move(*message));
}

void SmpPeripheral::submit(smp::Bytes message) {
    faults_in_.pass(std::move(message), [this, link = link_](smp::Bytes m) {
        if (link == link_)
            admit(std::move(m));
    });
}

void SmpPeripheral::admit(smp::Bytes message) {
    ++requests_;
    if (config_.drop_after && requests_ > *config_.drop_after) {
        std::cerr << "fake_bluez: dropping the link after " << *config_.drop_after << " requests\n";
        config_.drop_after.reset();  // once: a reconnect works
        if (auto lost = lost_)       // a copy: the callback clears lost_
            lost("link dropped (--drop-after)");
        return;
    }
    const auto admission = device_.receive(std::move(message), config_.device.buf_size);
    if (admission != smp::server::Admission::accepted) {
        std::cerr << "fake_bluez: request dropped ("
                  << (admission == smp::server::Admission::dropped_too_large ? "too large"
                                                                             : "no free buffer")
                  << ")\n";
        return;
    }
    pump();
}

void SmpPeripheral::pump() {
    if (processing_ || !device_.has_pending())
        return;
    processing_ = true;
    auto out = device_.process_next(now());
    busy_timer_.expires_after(out.busy);
    busy_timer_.async_wait(
        [this, link = link_, boot = boot_, out = std::move(out)](const asio::error_code& ec) {
            if (ec || boot != boot_)
                return;  // the device rebooted meanwhile: its buffers are gone already
            if (link == link_ && connected())
                send(out.responses);
            device_.finish();
            processing_ = false;
            if (out.reset) {
                reset_timer_.expires_after(out.reset_delay);
                reset_timer_.async_wait([this](const asio::error_code& e) {
                    if (!e)
                        reset();
                });
            }
            asio::post(io_, [this] { pump(); });
        });
}

void SmpPeripheral::send(const std::vector<smp::Bytes>& responses) {
    for (const auto& response : responses)
        faults_out_.pass(response, [this, link = link_](smp::Bytes m) {
            if (link == link_ && connected())
                notify_message(m);
        });
}

// Responses go out as notifications of at most ATT_MTU - 3 bytes (smp_bt.c).
void SmpPeripheral::notify_message(const smp::Bytes& response) {
    // A named Result: a range-for over value() of a temporary would dangle.
    auto pieces = smp::ble::fragment(response, config_.mtu).value();
    for (auto& piece : pieces) {
        if (!connected())
            return;  // a failed notification dropped the link
        if (config_.conn_interval.count() == 0)
            notify_(std::move(piece));
        else
            notifications_.push_back(std::move(piece));
    }
    if (!notifications_.empty())
        schedule_tick();
}

smp::server::Duration SmpPeripheral::now() const {
    return std::chrono::duration_cast<smp::server::Duration>(std::chrono::steady_clock::now() -
                                                             started_);
}

// A reboot takes the BLE link down with it.
void SmpPeripheral::reset() {
    std::cerr << "fake_bluez: device reset\n";
    auto lost = lost_;
    disconnect();
    ++boot_;
    busy_timer_.cancel();
    processing_ = false;
    device_.reset();
    if (lost)
        lost("device reset");
}

}  // namespace fake_bluez
