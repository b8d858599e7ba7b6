// SPDX-License-Identifier: Apache-2.0
#include "runner.hpp"

#include <smp/protocol/serial/framing.hpp>

#include <iostream>

namespace smpsim {

Runner::Runner(asio::io_context& io, smp::server::DeviceConfig config, smp::server::LinkConfig link)
    : io_(io),
      link_(link),
      in_(link),
      out_(link),
      device_(std::move(config)),
      busy_timer_(io),
      reset_timer_(io) {}

void Runner::after(std::chrono::steady_clock::duration delay, std::function<void()> f) {
    if (delay <= std::chrono::steady_clock::duration::zero()) {
        f();
        return;
    }
    auto timer = std::make_shared<asio::steady_timer>(io_, delay);
    timer->async_wait([timer, f = std::move(f)](const asio::error_code& ec) {
        if (!ec)
            f();
    });
}

// How long a packet held back for reordering waits for another packet to overtake it.
constexpr std::chrono::milliseconds max_hold_back{50};

void Runner::through_link(Direction& dir, smp::Bytes packet, bool serial,
                          std::chrono::milliseconds latency,
                          std::function<void(smp::Bytes)> deliver) {
    const auto verdict = dir.faults.decide(packet.size());
    if (verdict.drop) {
        std::cerr << "smpsim: link: packet lost\n";
        return;
    }
    if (serial && verdict.corrupt_at) {
        // A damaged byte on a serial line breaks the frame's CRC-16, and both Zephyr and our
        // client drop such a frame silently: on serial, corruption is a loss.
        std::cerr << "smpsim: link: frame corrupted on the line (CRC fails), dropped\n";
        return;
    }
    smp::server::FaultInjector::corrupt(packet, verdict);
    // Serial: the line carries one byte per 10 bit times, one packet after the other.
    auto now = std::chrono::steady_clock::now();
    auto done = now;
    if (serial && link_.baud > 0) {
        const auto wire = smp::serial::encoded_size(packet.size());
        done = std::max(now, dir.free_at) + smp::server::serial_time(wire, link_.baud);
        dir.free_at = done;
    }
    auto send = [deliver = std::move(deliver), packet = std::move(packet),
                 twice = verdict.duplicate] {
        deliver(packet);
        if (twice)
            deliver(packet);
    };
    auto go = [this, &dir, send = std::move(send), hold = verdict.hold_back]() mutable {
        if (hold && !dir.held) {
            dir.held = std::move(send);  // overtaken by the next packet...
            // ...or, if none comes, sent late rather than never (reordering is not loss).
            after(max_hold_back, [&dir] {
                if (auto held = std::exchange(dir.held, {}))
                    held();
            });
            return;
        }
        send();
        if (auto held = std::exchange(dir.held, {}))
            held();
    };
    after(done - now + latency, std::move(go));
}

void Runner::emit(const Reply& reply, smp::Bytes response, bool serial) {
    through_link(out_, std::move(response), serial, link_.latency_out,
                 [reply](smp::Bytes r) { reply(std::move(r)); });
}

void Runner::carry_in(smp::Bytes datagram, std::function<void(smp::Bytes)> deliver) {
    through_link(in_, std::move(datagram), false, link_.latency_in, std::move(deliver));
}

void Runner::carry_out(smp::Bytes datagram, std::function<void(smp::Bytes)> deliver) {
    through_link(out_, std::move(datagram), false, link_.latency_out, std::move(deliver));
}

smp::server::Duration Runner::now() const {
    return std::chrono::duration_cast<smp::server::Duration>(std::chrono::steady_clock::now() -
                                                             started_);
}

void Runner::submit(smp::Bytes packet, std::size_t max_message, Reply reply, bool serial) {
    Reply linked = [this, reply = std::move(reply), serial](smp::Bytes response) {
        emit(reply, std::move(response), serial);
    };
    through_link(in_, std::move(packet), serial, link_.latency_in,
                 [this, max_message, linked = std::move(linked)](smp::Bytes p) {
                     arrive(std::move(p), max_message, linked);
                 });
}

void Runner::arrive(smp::Bytes packet, std::size_t max_message, Reply reply) {
    const auto admission = device_.receive(std::move(packet), max_message);
    if (admission != smp::server::Admission::accepted) {
        std::cerr << "smpsim: packet dropped ("
                  << (admission == smp::server::Admission::dropped_too_large ? "too large"
                                                                             : "no free buffer")
                  << ")\n";
        return;
    }
    replies_.push_back(std::move(reply));
    pump();
}

void Runner::pump() {
    if (processing_ || !device_.has_pending())
        return;
    processing_ = true;
    Reply reply = std::move(replies_.front());
    replies_.pop_front();
    auto out = device_.process_next(now());
    busy_timer_.expires_after(out.busy);
    busy_timer_.async_wait([this, gen = generation_, reply = std::move(reply),
                            out = std::move(out)](const asio::error_code& ec) mutable {
        if (!ec && gen == generation_)
            end_work(std::move(reply), std::move(out));
    });
}

void Runner::end_work(Reply reply, smp::server::Output out) {
    // A request that arrived (or waited) during the work costs more of it first.
    if (const auto extra = device_.overlap_work(out); extra.count() > 0) {
        busy_timer_.expires_after(extra);
        busy_timer_.async_wait([this, gen = generation_, reply = std::move(reply),
                                out = std::move(out)](const asio::error_code& ec) mutable {
            if (!ec && gen == generation_)
                end_work(std::move(reply), std::move(out));
        });
        return;
    }
    for (auto& response : out.responses)
        reply(response);
    device_.finish();
    processing_ = false;
    if (out.reset)
        reset_after(out.reset_delay);
    asio::post(io_, [this] { pump(); });
}

void Runner::reset_after(smp::server::Duration delay) {
    reset_timer_.expires_after(delay);
    reset_timer_.async_wait([this](const asio::error_code& ec) {
        if (!ec)
            do_reset();
    });
}

void Runner::do_reset() {
    ++generation_;
    busy_timer_.cancel();
    replies_.clear();
    processing_ = false;
    device_.reset();
    for (const auto& hook : reset_hooks_)
        hook();
    const bool recovery = device_.running() == smp::server::Personality::mcuboot_serial;
    std::cerr << "smpsim: reset" << (recovery ? ", MCUboot serial recovery" : "") << "\n";
}

}  // namespace smpsim
