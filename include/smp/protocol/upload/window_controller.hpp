// SPDX-License-Identifier: Apache-2.0
#pragma once
// How many upload chunks to keep in flight, chosen from what the upload measures as it runs
// (issue 14). Sans-I/O like the upload machine that owns it: time is an input, never read.
//
// Why: a deeper window pays where the link is the bottleneck (UDP with 20 ms round trips:
// 2.9x, BLE: up to 6.6x) and loses where the device's CPU is (Zephyr 4.4 on the emulated
// mps2: window 3 gave 9.1-11.0 KB/s, window 1 10.7-11.0 KB/s). Which case a device is in
// cannot be known beforehand, so the controller finds the smallest window that reaches the
// best goodput (acknowledged bytes per second):
//  - the first counted chunk goes alone (the upload's very first one waits for the slot
//    erase and is not counted): its round trip is the path's own, with nothing queued or
//    arriving at the device meanwhile (BBR's ProbeRTT idea, once, at the start);
//  - then it runs at the cap (the device's buf_count - 1, so link-bound uploads keep their
//    gain, for one round trip's cost) and measures goodput in epochs of a few answers; a
//    window's figure is the mean of its last `figure_epochs` epochs, kept across probes
//    (one epoch of the emulated mps2 can be a third off; every probe adds to the figure);
//    the first epoch at the cap ends after half of it when the estimate below already says
//    window 1 (a board slower than its link, issue 32: each answer at the cap costs);
//  - it probes a neighbouring window and keeps it when it pays: a larger one when its
//    figure, once it holds `up_wins` epochs, beats the settled window's by `need_larger`
//    (at once when one epoch beats it by `clear_gain`); a smaller one (it queues less, so
//    it wins ties) when its figure, once it holds `down_wins` epochs, is within
//    `keep_smaller` of the best recent one. A probe ends at once on an epoch that clearly
//    loses: below `clear_loss` of the best (a probe down, after half an epoch already:
//    where the link is the bottleneck each answer at a smaller window costs), or below the
//    settled window's figure (a probe up: a gain that is real shows in every epoch; after
//    half an epoch already when below `clear_loss` of it: on a board slower than its link
//    each probe up costs, at every probe interval);
//  - round trips feed a Little's-law estimate of the window the path needs (BBR: bottleneck
//    bandwidth x round-trip propagation time, Cardwell et al., ACM Queue 2016; the round
//    trip is a lone chunk's; pipelined ones count only once that is 10 s old): a probe down
//    is tried when that estimate, rounded up less `need_slack`, is below the window
//    (requests queue at the device), and goes straight to it (the emulated mps2 with
//    1 KiB buffers has windows 3 and 2 equally slow and 1 faster: steps never get there);
//    after such a jump failed the next probe down is one step, the one after a jump again;
//    otherwise a probe down comes only every `max_probe_interval` epochs, since probing
//    down where the link is the bottleneck costs; probes up come every few epochs, except
//    after window 1 was kept where the estimate said 1: the device is the bottleneck there
//    and requests waiting in its buffers cost it work, so probes up wait twice as long as
//    at first (not the longest: the emulated board flips to a regime where window 3 pays,
//    and at window 1 only a probe up can see that);
//  - a rejected probe doubles the wait before the next one in that direction (4 to 32
//    epochs), like TCP's retransmission backoff (RFC 6298 5.5); where requests queue, a
//    probe down waits at most `queued_probe_interval` (a noisy device can make one probe
//    say the opposite of the truth);
//  - at window 1 every answer is a whole round trip: two in a row of `path_grew` times the
//    usual one mean the path changed, and a probe up starts at once;
//  - loss is not congestion here (the window never exceeds the device's buffers): an epoch
//    with a timeout or an offset correction in it is discarded (it measured luck, not the
//    window; a probe it ended is tried again later), and only `lossy_epochs_to_step_down`
//    such epochs in a row step the window down, by one (no halving collapse);
//  - a goodput that moves by more than `changed` against the figure of its window means
//    conditions changed: forget the other windows' figures and probe again.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>

#include <smp/protocol/upload/rtt_estimator.hpp>

namespace smp::upload {

/// The constants behind the adaptive window's decisions; the defaults are the library's.

struct WindowTuning {
    unsigned min_epoch_answers = 4;      ///< answers per epoch: max(this, 2 x window)
    unsigned min_probe_interval = 4;     ///< epochs between probes in one direction, at first
    unsigned max_probe_interval = 32;    ///< after rejected probes
    unsigned queued_probe_interval = 8;  ///< the most between probes down where requests queue
    /// A smaller window is kept at this share of the best recent goodput, a larger one must
    /// beat the settled window by this factor. Both within 3% of even, so that no window
    /// that is 3% better than the one kept goes unused (issue 14: auto >= 0.97x the best
    /// fixed window); where two windows differ by less, flapping between them costs little.
    double keep_smaller = 0.99;
    double need_larger = 1.02;  ///< factor a larger window must beat the settled one by (see above)
    /// Epochs a smaller window's figure must hold before it is judged; their mean must
    /// reach `keep_smaller` of the best recent figure.
    unsigned down_wins = 3;
    /// Epochs a larger window's figure must hold before it is judged, unless one epoch
    /// alone beats the settled window by `clear_gain` (or does not beat it: then it lost).
    unsigned up_wins = 2;
    /// A larger window's epoch this many times the settled window's figure is kept at once:
    /// no noise seen on a device comes near (where the link is the bottleneck, one more
    /// request in flight gives up to 2x), and each epoch it waits costs the upload.
    double clear_gain = 1.3;
    /// A window's figure is the mean of at most this many of its recent epochs.
    unsigned figure_epochs = 4;
    /// A smaller window's epoch below this share of the best recent goodput ends its probe,
    /// as does half an epoch of a larger one below this share of the settled window's.
    double clear_loss = 0.85;
    /// The window a queue estimate points to is the need rounded up less this much.
    double need_slack = 0.1;
    /// Whether a probe down goes straight to the window the queue estimate names; false:
    /// one step at a time (for tests that look at the steps).
    bool jumps = true;
    /// At window 1, two round trips in a row this many times the usual one mean the path
    /// changed.
    double path_grew = 2.0;
    double changed = 0.5;                    ///< relative goodput change that means new conditions
    unsigned lossy_epochs_to_step_down = 3;  ///< epochs with losses in a row
    /// Round-trip minimum kept this long (BBR's RTprop filter window, 10 s).
    std::chrono::milliseconds min_rtt_lifetime{10000};
};

/// One measured epoch: which window it ran at and the goodput it gave (for logs and tests).
struct EpochFigure {
    std::uint64_t index = 0;  ///< epoch number, from 1
    std::size_t window = 0;   ///< chunks in flight during the epoch
    double goodput = 0;       ///< bytes per second
};

/// Chooses how many upload chunks to keep in flight, from goodput per epoch and round trips. Thread
/// safety: none.
class WindowController {
  public:
    /// A fixed window of 1.
    WindowController() = default;
    /// `cap`: the largest window allowed (at least 1). `adaptive` false fixes the window at
    /// the cap (a user's explicit window).
    WindowController(std::size_t cap, bool adaptive, WindowTuning tuning = {});

    /// Chunks allowed in flight now.
    std::size_t window() const noexcept { return window_; }

    /// A chunk goes out at `now`; `resend` when its offset was sent before, `alone` when no
    /// other chunk is in flight.
    SendStamp on_send(UploadTime now, bool resend, bool alone = false);
    /// The answer to a chunk sent with `stamp` arrived at `now` and moved the device's
    /// acknowledged offset forward by `advanced` bytes (0 when it did not).
    void on_answer(UploadTime now, const SendStamp& stamp, std::uint64_t advanced);
    /// A loss: a chunk the device had not acknowledged timed out, or the device answered
    /// with an offset other than the chunk's end (a lost or reordered chunk).
    void on_loss();

    /// Last measured goodput per window, bytes per second (for tests and reports).
    std::optional<double> goodput(std::size_t window) const;
    /// Number of epochs measured so far.
    std::uint64_t epochs() const noexcept { return epoch_count_; }
    /// The last epoch measured (an epoch with a loss in it is not).
    std::optional<EpochFigure> last_epoch() const noexcept { return last_epoch_; }
    /// The path's minimum round trip (see RttEstimator).
    std::optional<std::chrono::microseconds> min_rtt() const noexcept { return rtt_.min_rtt(); }
    /// The smoothed round trip (see RttEstimator).
    std::optional<std::chrono::microseconds> srtt() const noexcept { return rtt_.srtt(); }

  private:
    struct Measure {
        double goodput = 0;       ///< mean of the window's recent epochs
        std::uint64_t epoch = 0;  ///< the last of them
        unsigned epochs = 0;      ///< how many the mean holds (at most figure_epochs)
    };
    struct Epoch {
        bool running = false;
        UploadTime start{};
        std::uint64_t bytes = 0;
        unsigned answers = 0;
        bool lossy = false;
    };
    enum class Probe { none, down, up };

    void sample_rtt(UploadTime now, const SendStamp& stamp);
    void watch_path(std::chrono::microseconds rtt);
    void lossy_epoch();
    void count(UploadTime now, std::uint64_t advanced);
    bool probe_lost_early(double seconds) const;
    bool opening_needs_one(double seconds) const;
    void end_epoch(double goodput);
    bool conditions_changed(double goodput) const;
    void start_over();
    std::optional<bool> verdict(Probe probe, double goodput) const;
    std::optional<bool> verdict_up(const Measure& figure, double goodput) const;
    void judge_probe(double goodput);
    void adopt(Probe direction, double goodput);
    void maybe_probe(double goodput);
    std::optional<std::size_t> window_for_queue(double goodput, std::uint64_t per_answer) const;
    void record(double goodput);
    double best_recent_other() const;
    void set_window(std::size_t w);

    std::size_t cap_ = 1;
    bool adaptive_ = false;
    WindowTuning tuning_{};
    std::size_t window_ = 1;
    std::size_t base_ = 1;  // the window settled on; window_ differs while probing
    Probe probe_ = Probe::none;
    std::uint64_t next_seq_ = 0;
    std::uint64_t window_from_seq_ = 0;  // sends from here on went out at window_
    Epoch epoch_{};
    std::uint64_t epoch_count_ = 0;
    std::optional<EpochFigure> last_epoch_{};
    std::uint64_t bytes_per_answer_ = 0;  // of the last epoch, for the queue estimate
    std::map<std::size_t, Measure> measured_{};
    unsigned since_down_ = 0;
    unsigned since_up_ = 0;
    unsigned down_interval_ = 0;
    unsigned up_interval_ = 0;
    unsigned lossy_in_row_ = 0;
    bool calibrating_ = false;  // the first counted chunk goes alone, for a clean round trip
    bool jumped_ = false;       // the running probe down skipped windows
    bool jump_failed_ = false;  // such a probe did not pay: steps only, until things change
    bool opening_ = false;      // the first epoch at the cap, after the lone chunk
    RttEstimator rtt_{};
    std::optional<std::chrono::microseconds> usual_rtt_{};  // at window 1, before any growth
    unsigned grown_in_row_ = 0;
};

}  // namespace smp::upload
