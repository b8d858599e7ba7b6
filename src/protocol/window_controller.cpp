// The adaptive upload window (see smp/protocol/window_controller.hpp for the rule).
#include <smp/protocol/window_controller.hpp>

#include <algorithm>
#include <cmath>

namespace smp::protocol {

WindowController::WindowController(std::size_t cap, bool adaptive, WindowTuning tuning)
    : cap_(std::max<std::size_t>(cap, 1)), adaptive_(adaptive), tuning_(tuning) {
    window_ = base_ = cap_;
    down_interval_ = up_interval_ = tuning_.min_probe_interval;
    // Starting at the cap keeps today's gain on link-bound devices; the first probe down
    // comes after the first epoch, so a CPU-bound device loses little before it is found.
    since_down_ = down_interval_;
}

SendStamp WindowController::on_send(UploadTime now, bool resend) {
    return SendStamp{next_seq_++, now, resend};
}

void WindowController::on_answer(UploadTime now, const SendStamp& stamp, std::uint64_t advanced) {
    if (!adaptive_ || advanced == 0)
        return;
    sample_rtt(now, stamp);
    // Answers to chunks sent at another window describe that window, not this one.
    if (stamp.seq >= window_from_seq_)
        count(now, advanced);
}

void WindowController::sample_rtt(UploadTime now, const SendStamp& stamp) {
    // Karn's rule (RFC 6298 section 3): the answer to a resent chunk may be to either send.
    if (stamp.resend)
        return;
    const auto rtt = std::chrono::duration_cast<std::chrono::microseconds>(now - stamp.sent);
    // RFC 6298 2.2/2.3: SRTT <- 7/8 SRTT + 1/8 R.
    srtt_ = srtt_ ? (*srtt_ * 7 + rtt) / 8 : rtt;
    if (window_ == 1 && stamp.seq >= window_from_seq_) {
        // Sent alone, so nothing was queued ahead of it at the device: this is the path's
        // round trip itself (BBR's ProbeRTT drains the pipe for such a sample), and it is
        // taken even when larger than the minimum: the path got longer (a CPU-bound device
        // on a link whose round trip grew must not look queued under the old minimum).
        min_rtt_ = rtt;
        min_rtt_at_ = now;
        return;
    }
    // BBR's RTprop: the minimum over a window of time, so that a path that got longer is
    // noticed once the old minimum expires.
    if (!min_rtt_ || rtt <= *min_rtt_ || now - min_rtt_at_ > tuning_.min_rtt_lifetime) {
        min_rtt_ = rtt;
        min_rtt_at_ = now;
    }
}

void WindowController::count(UploadTime now, std::uint64_t advanced) {
    // An epoch runs from one answer to the answer `answers` later: the bytes in between over
    // the time in between is the goodput of a full pipeline at this window.
    if (!epoch_.running) {
        epoch_ = Epoch{true, now, 0, 0, false};
        return;
    }
    epoch_.bytes += advanced;
    ++epoch_.answers;
    const auto needed = std::max<std::size_t>(tuning_.min_epoch_answers, 2 * window_);
    if (epoch_.answers < needed)
        return;
    const double seconds = std::chrono::duration<double>(now - epoch_.start).count();
    const Epoch done = epoch_;
    epoch_ = Epoch{true, now, 0, 0, false};  // the next epoch starts at this answer
    if (seconds <= 0)
        return;  // time stands still (a driver without a clock): nothing to learn
    if (done.lossy) {
        lossy_epoch();
        return;
    }
    bytes_per_answer_ = done.bytes / done.answers;
    end_epoch(static_cast<double>(done.bytes) / seconds);
}

void WindowController::end_epoch(double goodput) {
    ++epoch_count_;
    lossy_in_row_ = 0;
    if (probe_ != Probe::none) {
        measured_[window_] = Measure{goodput, epoch_count_};
        judge_probe(goodput);
        return;
    }
    if (conditions_changed(goodput)) {
        measured_.clear();  // figures of other windows are stale now
        down_interval_ = up_interval_ = tuning_.min_probe_interval;
        since_down_ = down_interval_;
        since_up_ = up_interval_;
    }
    measured_[window_] = Measure{goodput, epoch_count_};
    ++since_down_;
    ++since_up_;
    maybe_probe(goodput);
}

bool WindowController::conditions_changed(double goodput) const {
    auto it = measured_.find(window_);
    return it != measured_.end() &&
           std::abs(goodput - it->second.goodput) > tuning_.changed * it->second.goodput;
}

void WindowController::judge_probe(double goodput) {
    const Probe probe = probe_;
    probe_ = Probe::none;
    // A smaller window as good as the best keeps less queued at the device; a larger one
    // must clearly beat the settled window (noise must not make it creep up).
    const bool pays = probe == Probe::down
                          ? goodput >= tuning_.keep_smaller * best_recent()
                          : goodput > tuning_.need_larger * measured_.at(base_).goodput;
    // A smaller window must win `down_wins` epochs in a row: on a device whose speed drifts with
    // its host's load (the mps2 under QEMU on a shared machine moved by 2x between uploads), one
    // lucky epoch took the window from 3 to 1 where 3 was twice as fast.
    if (pays && probe == Probe::down && ++probe_wins_ < tuning_.down_wins) {
        probe_ = probe;  // measure the smaller window once more
        return;
    }
    probe_wins_ = 0;
    if (pays) {
        adopt(probe, goodput);
        return;
    }
    // The probe did not pay: back to the settled window, and wait twice as long next time.
    unsigned& interval = probe == Probe::down ? down_interval_ : up_interval_;
    interval = std::min(interval * 2, tuning_.max_probe_interval);
    (probe == Probe::down ? since_down_ : since_up_) = 0;
    set_window(base_);
}

void WindowController::adopt(Probe direction, double goodput) {
    // Keep going the way that paid: the next probe that way is due at once.
    base_ = window_;
    down_interval_ = up_interval_ = tuning_.min_probe_interval;
    since_down_ = direction == Probe::down ? down_interval_ : 0;
    since_up_ = direction == Probe::up ? up_interval_ : 0;
    maybe_probe(goodput);
}

void WindowController::maybe_probe(double goodput) {
    // A probe down costs most where the link is the bottleneck (a third of the goodput for
    // an epoch, from 3 to 2 over a 20 ms round trip), and there the round trips show no
    // queue. So it waits for the queue estimate, or for the longest interval (a minimum
    // round trip that expired hides the queue).
    const bool down_due =
        since_down_ >= (queue_at_device(goodput) ? down_interval_ : tuning_.max_probe_interval);
    if (window_ > 1 && down_due) {
        probe_ = Probe::down;
        since_down_ = 0;
        set_window(window_ - 1);
    } else if (window_ < cap_ && since_up_ >= up_interval_) {
        probe_ = Probe::up;
        since_up_ = 0;
        set_window(window_ + 1);
    }
}

bool WindowController::queue_at_device(double goodput) const {
    // Little's law: a full pipeline holds goodput x round trip bytes. With the round trip
    // of an empty path (the minimum), that is the window the path needs (BBR's BDP); a
    // window three quarters of a chunk or more above it only makes requests wait at the
    // device. (Half a chunk was too eager on a noisy device: the minimum round trip is the
    // luckiest sample, and on the emulated mps2 it sent window 2 probing 1 every few epochs.)
    if (!min_rtt_ || bytes_per_answer_ == 0)
        return false;
    const double seconds = std::chrono::duration<double>(*min_rtt_).count();
    const double needed = goodput * seconds / static_cast<double>(bytes_per_answer_);
    return needed < static_cast<double>(window_) - 0.75;
}

double WindowController::best_recent() const {
    double best = 0;
    for (const auto& [w, m] : measured_)
        if (epoch_count_ - m.epoch <= tuning_.max_probe_interval)
            best = std::max(best, m.goodput);
    return best;
}

void WindowController::on_loss() {
    // The epoch now measures luck, not the window: it is discarded when it ends.
    if (adaptive_)
        epoch_.lossy = true;
}

void WindowController::lossy_epoch() {
    if (probe_ != Probe::none) {
        // Inconclusive, not rejected: try again after the usual interval.
        probe_wins_ = 0;
        (probe_ == Probe::down ? since_down_ : since_up_) = 0;
        probe_ = Probe::none;
        set_window(base_);
        return;
    }
    if (++lossy_in_row_ < tuning_.lossy_epochs_to_step_down || window_ == 1)
        return;
    // Losses epoch after epoch: maybe a device dropping what this window sends it (a full
    // UART buffer or net_buf pool). One step down, not TCP's halving (RFC 5681): random link
    // loss is not congestion here, and probes up bring the window back if it was that.
    lossy_in_row_ = 0;
    base_ = window_ - 1;
    since_up_ = 0;
    set_window(base_);
}

std::optional<double> WindowController::goodput(std::size_t window) const {
    auto it = measured_.find(window);
    if (it == measured_.end())
        return std::nullopt;
    return it->second.goodput;
}

void WindowController::set_window(std::size_t w) {
    window_ = std::clamp<std::size_t>(w, 1, cap_);
    window_from_seq_ = next_seq_;
    epoch_ = Epoch{};
}

}  // namespace smp::protocol
