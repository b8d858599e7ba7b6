// SPDX-License-Identifier: Apache-2.0
// The adaptive upload window (see smp/protocol/upload/window_controller.hpp for the rule).
#include <smp/protocol/upload/window_controller.hpp>

#include <algorithm>
#include <cmath>

namespace smp::upload {

WindowController::WindowController(std::size_t cap, bool adaptive, WindowTuning tuning)
    : cap_(std::max<std::size_t>(cap, 1)), adaptive_(adaptive), tuning_(tuning) {
    window_ = base_ = cap_;
    // One chunk alone first (the upload's first chunk, which waits for the slot erase, is
    // not counted): its round trip is the path's own, with no request queued or arriving
    // during the device's work. Without it the minimum round trip would come from chunks
    // sent together, and where overlapping requests slow the device (the emulated mps2, buf
    // 1024) every such sample already includes that.
    if (adaptive_ && cap_ > 1) {
        calibrating_ = true;
        window_ = 1;
    }
    down_interval_ = up_interval_ = tuning_.min_probe_interval;
    // Then the cap, which keeps the gain on link-bound devices; the first probe down comes
    // after the first epoch, so a CPU-bound device loses little before it is found.
    since_down_ = down_interval_;
}

SendStamp WindowController::on_send(UploadTime now, bool resend, bool alone) {
    return SendStamp{next_seq_++, now, resend, alone};
}

void WindowController::on_answer(UploadTime now, const SendStamp& stamp, std::uint64_t advanced) {
    if (advanced == 0)
        return;
    if (!adaptive_) {
        rtt_.sample(now, stamp);  // a fixed window still times its tail loss probe with it
        return;
    }
    sample_rtt(now, stamp);
    if (calibrating_) {
        calibrating_ = false;
        opening_ = true;
        set_window(base_);
        return;
    }
    // Answers to chunks sent at another window describe that window, not this one.
    if (stamp.seq >= window_from_seq_)
        count(now, advanced);
}

void WindowController::sample_rtt(UploadTime now, const SendStamp& stamp) {
    const auto sampled = rtt_.sample(now, stamp);
    if (!sampled)
        return;
    const auto rtt = *sampled;
    if (window_ == 1 && stamp.seq >= window_from_seq_) {
        // Sent alone at window 1: the path's round trip itself, taken even when larger than
        // the minimum: the path got longer (a CPU-bound device on a link whose round trip
        // grew must not look queued under the old minimum).
        rtt_.take_lone(now, rtt);
        if (!calibrating_)
            watch_path(rtt);
        return;
    }
    rtt_.offer(now, rtt, stamp.alone, tuning_.min_rtt_lifetime);
}

void WindowController::watch_path(std::chrono::microseconds rtt) {
    // At window 1 each answer is a whole round trip of the path. Two in a row that took
    // `path_grew` times the last usual one mean a longer link (or a slower device): probe up
    // at once rather than after an epoch of them (4 of 200 ms where a link slowed down). One
    // alone is not enough: the emulated mps2 under QEMU has single round trips that long.
    if (!usual_rtt_ || rtt <= *usual_rtt_ * tuning_.path_grew) {
        usual_rtt_ = rtt;
        grown_in_row_ = 0;
        return;
    }
    if (++grown_in_row_ < 2 || probe_ != Probe::none || cap_ == 1 || bytes_per_answer_ == 0)
        return;
    grown_in_row_ = 0;
    usual_rtt_ = rtt;
    start_over();
    // What window 1 does now, one chunk per round trip: the figure a probe up must beat.
    const double seconds = std::chrono::duration<double>(rtt).count();
    measured_[1] = Measure{static_cast<double>(bytes_per_answer_) / seconds, epoch_count_, 1};
    since_down_ = 0;
    since_up_ = 0;
    probe_ = Probe::up;
    set_window(2);
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
    const double seconds = std::chrono::duration<double>(now - epoch_.start).count();
    if (epoch_.answers < needed && !probe_lost_early(seconds) && !opening_needs_one(seconds))
        return;
    opening_ = false;
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

bool WindowController::probe_lost_early(double seconds) const {
    // Half an epoch is enough to see a probe that clearly loses: down, below the best other
    // window (window 1 where the link is the bottleneck, or where requests must overlap to
    // keep the device busy: 0.75x on the emulated mps2 with 512-byte buffers, 0.6x in the
    // noisy-emulated test regime); up, below the settled window (a board slower than its
    // link, issue 32: windows 2 and 3 at 0.6-0.8x of window 1). Each of its answers costs
    // the upload, and where it is up it recurs at every probe interval.
    if (probe_ == Probe::none || 2 * epoch_.answers < tuning_.min_epoch_answers || seconds <= 0 ||
        epoch_.lossy)
        return false;
    const double goodput = static_cast<double>(epoch_.bytes) / seconds;
    if (probe_ == Probe::down)
        return goodput < tuning_.clear_loss * best_recent_other();
    auto settled = measured_.find(base_);
    return settled != measured_.end() && goodput < tuning_.clear_loss * settled->second.goodput;
}

bool WindowController::opening_needs_one(double seconds) const {
    // The first epoch at the cap ends after half of it when the lone chunk's round trip
    // already says one request at a time carries its goodput: the answers come no faster
    // than one per lone round trip, so the requests kept waiting gain nothing, and where
    // the device's work grows with them (QEMU's instruction counter, a slow board: windows
    // 2 and 3 at 0.77x of window 1, issue 32) each answer at the cap costs.
    if (!opening_ || 2 * epoch_.answers < tuning_.min_epoch_answers || seconds <= 0 || epoch_.lossy)
        return false;
    const auto per_answer = epoch_.bytes / epoch_.answers;
    const auto need = window_for_queue(static_cast<double>(epoch_.bytes) / seconds, per_answer);
    return need && *need == 1;
}

void WindowController::end_epoch(double goodput) {
    ++epoch_count_;
    last_epoch_ = EpochFigure{epoch_count_, window_, goodput};
    lossy_in_row_ = 0;
    if (probe_ != Probe::none) {
        judge_probe(goodput);
        return;
    }
    if (conditions_changed(goodput)) {
        start_over();
        since_down_ = down_interval_;
        since_up_ = up_interval_;
    }
    record(goodput);
    ++since_down_;
    ++since_up_;
    maybe_probe(goodput);
}

void WindowController::record(double goodput) {
    // A window's figure is the mean of its recent epochs: the last `figure_epochs` of them,
    // as long as the window was measured within `max_probe_interval` epochs, whether settled
    // on or probed. One epoch of a device emulated on a shared host can be a third off (the
    // mps2 under QEMU: window 1 gave 6.2 KiB/s in one epoch and 11 in the next ones), so a
    // probe that ended early must not be judged again from nothing the next time.
    auto it = measured_.find(window_);
    if (it == measured_.end() || epoch_count_ - it->second.epoch > tuning_.max_probe_interval) {
        measured_[window_] = Measure{goodput, epoch_count_, 1};
        return;
    }
    Measure& m = it->second;
    m.epochs = std::min(m.epochs + 1, tuning_.figure_epochs);
    m.goodput += (goodput - m.goodput) / m.epochs;
    m.epoch = epoch_count_;
}

void WindowController::start_over() {
    // New conditions: the other windows' figures are stale, and so are the backoffs and a
    // failed jump learnt under the old ones.
    measured_.clear();
    jump_failed_ = false;
    down_interval_ = up_interval_ = tuning_.min_probe_interval;
}

bool WindowController::conditions_changed(double goodput) const {
    auto it = measured_.find(window_);
    return it != measured_.end() &&
           std::abs(goodput - it->second.goodput) > tuning_.changed * it->second.goodput;
}

std::optional<bool> WindowController::verdict(Probe probe, double goodput) const {
    // Whether the probe pays, or nothing while it needs another epoch. A larger window must
    // clearly beat the settled one (noise must not make it creep up). A smaller one, as good
    // as the best, keeps less queued at the device: it is judged once its figure holds
    // `down_wins` epochs (on a device whose speed drifts with its host's load, the emulated
    // mps2 moved by 2x between uploads, one lucky epoch took the window from 3 to 1 where 3
    // was twice as fast; and where the smaller window is better, one unlucky epoch sent it
    // back), and given up at once after an epoch that clearly lost (where the link is the
    // bottleneck, each epoch at a smaller window costs).
    const Measure& figure = measured_.at(window_);
    if (probe == Probe::up)
        return verdict_up(figure, goodput);
    const double best = best_recent_other();
    if (goodput < tuning_.clear_loss * best)
        return false;
    if (figure.epochs < tuning_.down_wins)
        return std::nullopt;
    return figure.goodput >= tuning_.keep_smaller * best;
}

std::optional<bool> WindowController::verdict_up(const Measure& figure, double goodput) const {
    // Like a probe down, a probe up is judged on its figure once it holds `up_wins` epochs:
    // on the emulated mps2 with 1 KiB buffers (window 1 the best) one lucky epoch at window 2
    // took the window from 1 to 2 and then 3 for the rest of two uploads in six. A gain as
    // large as `clear_gain` is no luck (a longer link: 2x at once), and an epoch that does
    // not even beat the settled window ends the probe: where a larger window pays it does
    // so in every epoch, and where it loses (1.15x slower on that device) each answer costs.
    const double settled = measured_.at(base_).goodput;
    if (goodput > tuning_.clear_gain * settled)
        return true;
    if (goodput < settled)
        return false;
    if (figure.epochs < tuning_.up_wins)
        return std::nullopt;
    return figure.goodput > tuning_.need_larger * settled;
}

void WindowController::judge_probe(double goodput) {
    const Probe probe = probe_;
    record(goodput);
    const auto pays = verdict(probe, goodput);
    if (!pays)
        return;  // measure the probed window once more
    probe_ = Probe::none;
    if (*pays) {
        jump_failed_ = false;
        adopt(probe, goodput);
        return;
    }
    // The probe did not pay: back to the settled window, and wait twice as long next time.
    // A jump that failed makes the next probe down a single step (the estimate may have
    // been off by one), not every later one: one noisy epoch must not rule jumps out.
    if (probe == Probe::down)
        jump_failed_ = jumped_;
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
    // Where requests queue, a rejected probe down waits at most `queued_probe_interval`:
    // on a noisy device one probe's epochs can say the opposite of the truth (the emulated
    // mps2 with 1 KiB buffers: window 1 measured 4-8 KiB/s in the first epochs of some
    // uploads against 11-12 later), and each probe adds to the window's figure.
    const auto queue_target = window_for_queue(goodput, bytes_per_answer_);
    const bool down_due =
        since_down_ >= (queue_target ? std::min(down_interval_, tuning_.queued_probe_interval)
                                     : tuning_.max_probe_interval);
    if (window_ > 1 && down_due) {
        probe_ = Probe::down;
        since_down_ = 0;
        // Straight to the window the round trips say the path needs (BBR sets its window
        // from the bandwidth-delay product, not by steps): where windows 3 and 2 are
        // equally slow and 1 is faster, steps alone never get there. Once such a jump has
        // failed, one step at a time until conditions change.
        jumped_ = tuning_.jumps && queue_target && !jump_failed_ && *queue_target < window_ - 1;
        set_window(jumped_ ? *queue_target : window_ - 1);
    } else if (window_ < cap_ && since_up_ >= up_interval_) {
        probe_ = Probe::up;
        since_up_ = 0;
        set_window(window_ + 1);
    }
}

std::optional<std::size_t> WindowController::window_for_queue(double goodput,
                                                              std::uint64_t per_answer) const {
    // Little's law: a full pipeline holds goodput x round trip bytes. With a lone chunk's
    // round trip (nothing queued at the device), that is the window the path needs (BBR's
    // BDP), rounded up less `need_slack` (a round trip a little long must not keep a window
    // too many). Returns it when it is below the window: then requests only wait at the
    // device. Not when it merely falls short of the window by less than a chunk: the window
    // below could not carry this goodput (the emulated mps2 with 1 KiB buffers needed 2.15
    // chunks at window 3; each probe down to 2 ran at 0.7x and cost the upload, issue 14).
    const auto min_rtt = rtt_.min_rtt();
    if (!min_rtt || per_answer == 0)
        return std::nullopt;
    const double seconds = std::chrono::duration<double>(*min_rtt).count();
    const double needed = goodput * seconds / static_cast<double>(per_answer);
    const auto enough =
        static_cast<std::size_t>(std::max(1.0, std::ceil(needed - tuning_.need_slack)));
    if (enough >= window_)
        return std::nullopt;
    return enough;
}

double WindowController::best_recent_other() const {
    // The best recent figure of the windows other than the one being probed.
    double best = 0;
    for (const auto& [w, m] : measured_)
        if (w != window_ && epoch_count_ - m.epoch <= tuning_.max_probe_interval)
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

}  // namespace smp::upload
