// SPDX-License-Identifier: Apache-2.0
#pragma once
// Test support: the upload machine against a device and link with time, on a simulated
// clock (discrete events, no sleeping). The device follows Zephyr's offset rules
// (ZephyrUploadModel) and handles one request at a time, in arrival order (smp.c's work
// queue); the link adds latency, serialises requests on a line of limited rate (a UART) and
// may lose packets. The device's time per request can grow with the requests waiting behind
// it: a device whose CPU, not the link, is the bottleneck (issue 14: Zephyr 4.4 on the
// emulated mps2 gave 10.7-11.0 KB/s at window 1 and 9.1-11.0 KB/s at window 3).
#include <smp/protocol/upload/upload_machine.hpp>

#include <functional>
#include <map>
#include <queue>
#include <random>

#include "support/zephyr_upload_model.hpp"

namespace smp::test {

struct TimedPath {
    std::chrono::microseconds latency{};  ///< each direction
    double line_bytes_per_s = 0;          ///< requests' line rate (serial); 0 = unlimited
    std::chrono::microseconds per_kib{};  ///< device time per KiB of chunk data
    double slowdown_per_waiting = 0;      ///< each request waiting slows the one being handled
    /// The emulated mps2's receive interrupts (docs/design.md, "Why window 3 can be slower"):
    /// a request handled while another is on the line or waiting costs 1 + this as much.
    double overlap_slowdown = 0;
    double loss = 0;  ///< probability of losing a packet, each direction
    /// Noise of a device emulated on a shared host (the mps2 under QEMU): each request's
    /// time is multiplied by a factor in [1 - jitter, 1 + jitter], and by 1 to 1 + spell
    /// for each `spell_length` of time (slow spells: the host runs something else).
    double jitter = 0;
    double spell = 0;
    std::chrono::microseconds spell_length{500000};
};

struct TimedRun {
    upload::upload_action::Done done{};
    double seconds = 0;
    std::vector<std::size_t> windows{};  ///< the machine's window after each answer
    upload::UploadCounters counters{};
};

class TimedUploadSim {
  public:
    using Micros = std::chrono::microseconds;

    TimedUploadSim(TimedPath path, unsigned seed) : path_(path), seed_(seed) {}
    /// From the moment the device has acknowledged `fraction` of the image, use `later`.
    void change_at(double fraction, TimedPath later) { change_ = {fraction, later}; }

    TimedRun run(ByteView image, upload::UploadParams params) {
        image_size_ = image.size();
        apply(machine_.start(image, sha256(image), params, clock()));
        for (int steps = 0; !done_ && !events_.empty() && steps < 1000000; ++steps) {
            auto event = events_.top();
            events_.pop();
            now_ = event.at;
            event.what();
        }
        TimedRun r;
        r.done = done_.value_or(upload::upload_action::Done{});
        r.seconds = std::chrono::duration<double>(now_).count();
        r.windows = std::move(windows_);
        r.counters = machine_.counters();
        return r;
    }

    ZephyrUploadModel device{};

  private:
    struct Event {
        Micros at{};
        std::uint64_t seq = 0;
        std::function<void()> what;
        bool operator>(const Event& o) const { return at != o.at ? at > o.at : seq > o.seq; }
    };
    struct Request {
        smp::upload::RequestId id = 0;
        Bytes payload{};
        std::uint64_t off = 0;
        unsigned send = 0;
    };

    upload::UploadTime clock() const { return upload::UploadTime{} + now_; }
    void at(Micros t, std::function<void()> what) {
        events_.push(Event{t, seq_++, std::move(what)});
    }
    // Whether the n-th send of the chunk at `off` (or its answer) is lost: decided by the
    // chunk, not by the order of events, so that runs with different windows meet the same
    // losses and compare fairly.
    bool lost(std::uint64_t off, unsigned send, bool answer) const {
        std::seed_seq seq{seed_, static_cast<unsigned>(off), static_cast<unsigned>(off >> 32), send,
                          answer ? 1u : 0u};
        std::mt19937 rng(seq);
        return std::uniform_real_distribution<double>(0, 1)(rng) < path_.loss;
    }

    // A random number in [0, 1) decided by its inputs alone: runs with different windows
    // meet the same noise at the same chunk (jitter) and at the same time (slow spells).
    double draw(std::uint64_t a, unsigned b, unsigned salt) const {
        std::seed_seq seq{seed_, static_cast<unsigned>(a), static_cast<unsigned>(a >> 32), b, salt};
        std::mt19937 rng(seq);
        return std::uniform_real_distribution<double>(0, 1)(rng);
    }

    double noise(const Request& r) const {
        const double jitter = 1 + path_.jitter * (2 * draw(r.off, r.send, 2) - 1);
        const auto spell_index = static_cast<std::uint64_t>(now_ / path_.spell_length);
        return jitter * (1 + path_.spell * draw(spell_index, 0, 3));
    }

    void apply(const upload::UploadActions& actions) {
        namespace act = upload::upload_action;
        for (const auto& a : actions) {
            if (auto* s = std::get_if<act::Send>(&a)) {
                send(Request{s->id, s->payload, s->offset, ++sends_[s->offset]});
            } else if (auto* t = std::get_if<act::ArmTimer>(&a)) {
                const auto generation = ++timer_generation_;
                timers_[t->id] = generation;
                at(now_ + t->timeout, [this, id = t->id, generation] { fire(id, generation); });
            } else if (auto* c = std::get_if<act::CancelTimer>(&a)) {
                timers_.erase(c->id);
            } else if (auto* w = std::get_if<act::WakeAt>(&a)) {
                // Only the latest wake counts, as in the client's driver.
                const auto generation = ++wake_generation_;
                at(std::chrono::duration_cast<Micros>(w->at.time_since_epoch()),
                   [this, generation] {
                       if (generation == wake_generation_)
                           apply(machine_.on_wake(clock()));
                   });
            } else if (auto* d = std::get_if<act::Done>(&a)) {
                done_ = *d;
            }
        }
    }

    void fire(smp::upload::RequestId id, std::uint64_t generation) {
        auto it = timers_.find(id);
        if (it == timers_.end() || it->second != generation)
            return;
        timers_.erase(it);
        apply(machine_.on_timeout(id, clock()));
    }

    void send(Request r) {
        Micros wire{0};
        if (path_.line_bytes_per_s > 0)
            wire = Micros(static_cast<std::int64_t>(
                1e6 * static_cast<double>(header_size + r.payload.size()) /
                path_.line_bytes_per_s));
        line_free_ = std::max(now_, line_free_) + wire;
        if (busy_)
            overlapped_ = true;  // its bytes arrive while the device works
        if (lost(r.off, r.send, false))
            return;
        at(line_free_ + path_.latency, [this, r = std::move(r)] {
            queue_.push_back(r);
            serve();
        });
    }

    void serve() {
        if (busy_ || queue_.empty())
            return;
        busy_ = true;
        Request r = std::move(queue_.front());
        queue_.pop_front();
        auto chunk = *decode_payload<image::Upload>(r.payload);
        const double waiting = static_cast<double>(queue_.size());
        const auto work = Micros(static_cast<std::int64_t>(
            static_cast<double>(path_.per_kib.count()) * static_cast<double>(chunk.data.size()) /
            1024.0 * (1 + path_.slowdown_per_waiting * waiting) * noise(r)));
        overlapped_ = !queue_.empty() || line_free_ > now_;
        at(now_ + work, [this, work, r = std::move(r), chunk = std::move(chunk)]() mutable {
            finish(std::move(r), std::move(chunk), work);
        });
    }

    // The work ends, unless a request came in during it: then its receive interrupts cost
    // `overlap_slowdown` more of the work first.
    void finish(Request r, image::Upload chunk, Micros work) {
        if (overlapped_ && path_.overlap_slowdown > 0) {
            overlapped_ = false;
            const auto extra = Micros(static_cast<std::int64_t>(static_cast<double>(work.count()) *
                                                                path_.overlap_slowdown));
            at(now_ + extra,
               [this, r = std::move(r), chunk = std::move(chunk)] { end_work(r, chunk); });
            return;
        }
        end_work(r, chunk);
    }

    void end_work(const Request& r, const image::Upload& chunk) {
        answer(r, device.handle(chunk));
        busy_ = false;
        serve();
    }

    void answer(const Request& r, Result<image::UploadResponse> response) {
        if (change_ && device.offset() >= change_->first * static_cast<double>(image_size_)) {
            path_ = change_->second;
            change_.reset();
        }
        if (lost(r.off, r.send, true))
            return;
        at(now_ + path_.latency, [this, id = r.id, response = std::move(response)] {
            apply(machine_.on_response(id, response, clock()));
            windows_.push_back(machine_.window());
        });
    }

    TimedPath path_;
    unsigned seed_ = 1;
    std::map<std::uint64_t, unsigned> sends_{};  // per chunk offset
    std::optional<std::pair<double, TimedPath>> change_{};
    upload::UploadMachine machine_{};
    std::priority_queue<Event, std::vector<Event>, std::greater<>> events_{};
    std::uint64_t seq_ = 0;
    Micros now_{0};
    Micros line_free_{0};
    std::deque<Request> queue_{};
    bool busy_ = false;
    bool overlapped_ = false;  // a request came in while the device worked
    std::map<smp::upload::RequestId, std::uint64_t> timers_{};
    std::uint64_t timer_generation_ = 0;
    std::uint64_t wake_generation_ = 0;
    std::optional<upload::upload_action::Done> done_{};
    std::vector<std::size_t> windows_{};
    std::size_t image_size_ = 0;
};

}  // namespace smp::test
