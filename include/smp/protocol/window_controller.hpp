#pragma once
// How many upload chunks to keep in flight, chosen from what the upload measures as it runs
// (issue 14). Sans-I/O like the upload machine that owns it: time is an input, never read.
//
// Why: a deeper window pays where the link is the bottleneck (UDP with 20 ms round trips:
// 2.9x, BLE: up to 6.6x) and loses where the device's CPU is (Zephyr 4.4 on the emulated
// mps2: window 3 gave 9.1-11.0 KB/s, window 1 10.7-11.0 KB/s). Which case a device is in
// cannot be known beforehand, so the controller finds the smallest window that reaches the
// best goodput (acknowledged bytes per second):
//  - it starts at the cap (the device's buf_count - 1, today's default, so link-bound uploads
//    keep their gain from the first chunk) and measures goodput in epochs of a few answers;
//  - it probes a neighbouring window for one epoch and keeps it when it pays: a smaller window
//    when its goodput is within `keep_smaller` of the best recent one, a larger one when it
//    beats the current by `need_larger` (the smaller window wins ties: it queues less, but
//    must pass `down_wins` epochs in a row: one lucky epoch is not enough);
//  - round trips feed a Little's-law estimate of the window the path needs (BBR: bottleneck
//    bandwidth x round-trip propagation time, Cardwell et al., ACM Queue 2016): a probe down
//    is tried when the window is 3/4 of a chunk or more above it (requests queue at the
//    device), otherwise only every `max_probe_interval` epochs, since probing down where
//    the link is the bottleneck costs; probes up come every few epochs;
//  - a rejected probe doubles the wait before the next one in that direction (4 to 32
//    epochs), like TCP's retransmission backoff (RFC 6298 5.5);
//  - loss is not congestion here (the window never exceeds the device's buffers): an epoch
//    with a timeout or an offset correction in it is discarded (it measured luck, not the
//    window; a probe it ended is tried again later), and only `lossy_epochs_to_step_down`
//    such epochs in a row step the window down, by one (no halving collapse);
//  - a goodput that moves by more than `changed` against its last epoch at the same window
//    means conditions changed: forget the other windows' figures and probe again.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>

namespace smp::protocol {

/// The upload's time: a steady clock's time point, given by the driver with every event.
using UploadTime = std::chrono::steady_clock::time_point;

struct WindowTuning {
    unsigned min_epoch_answers = 4;    ///< answers per epoch: max(this, 2 x window)
    unsigned min_probe_interval = 4;   ///< epochs between probes in one direction, at first
    unsigned max_probe_interval = 32;  ///< after rejected probes
    /// A smaller window is kept at this share of the best recent goodput, a larger one must
    /// beat the settled window by this factor. Both within 3% of even, so that no window
    /// that is 3% better than the one kept goes unused (issue 14: auto >= 0.97x the best
    /// fixed window); where two windows differ by less, flapping between them costs little.
    double keep_smaller = 0.98;
    double need_larger = 1.02;
    unsigned down_wins = 3;  ///< epochs in a row a smaller window must pass to be kept
    double changed = 0.5;    ///< relative goodput change that means new conditions
    unsigned lossy_epochs_to_step_down = 3;  ///< epochs with losses in a row
    /// Round-trip minimum kept this long (BBR's RTprop filter window, 10 s).
    std::chrono::milliseconds min_rtt_lifetime{10000};
};

/// What the controller remembers of one send, returned by on_send and given back with its
/// answer.
struct SendStamp {
    std::uint64_t seq = 0;
    UploadTime sent{};
    bool resend = false;
};

class WindowController {
  public:
    WindowController() = default;
    /// `cap`: the largest window allowed (at least 1). `adaptive` false fixes the window at
    /// the cap (a user's explicit window).
    WindowController(std::size_t cap, bool adaptive, WindowTuning tuning = {});

    std::size_t window() const noexcept { return window_; }

    /// A chunk goes out at `now`; `resend` when its offset was sent before.
    SendStamp on_send(UploadTime now, bool resend);
    /// The answer to a chunk sent with `stamp` arrived at `now` and moved the device's
    /// acknowledged offset forward by `advanced` bytes (0 when it did not).
    void on_answer(UploadTime now, const SendStamp& stamp, std::uint64_t advanced);
    /// A loss: a chunk the device had not acknowledged timed out, or the device answered
    /// with an offset other than the chunk's end (a lost or reordered chunk).
    void on_loss();

    /// Last measured goodput per window, bytes per second (for tests and reports).
    std::optional<double> goodput(std::size_t window) const;
    std::uint64_t epochs() const noexcept { return epoch_count_; }
    std::optional<std::chrono::microseconds> min_rtt() const noexcept { return min_rtt_; }
    std::optional<std::chrono::microseconds> srtt() const noexcept { return srtt_; }

  private:
    struct Measure {
        double goodput = 0;
        std::uint64_t epoch = 0;
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
    void lossy_epoch();
    void count(UploadTime now, std::uint64_t advanced);
    void end_epoch(double goodput);
    bool conditions_changed(double goodput) const;
    void judge_probe(double goodput);
    void adopt(Probe direction, double goodput);
    void maybe_probe(double goodput);
    bool queue_at_device(double goodput) const;
    double best_recent() const;
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
    std::uint64_t bytes_per_answer_ = 0;  // of the last epoch, for the queue estimate
    std::map<std::size_t, Measure> measured_{};
    unsigned since_down_ = 0;
    unsigned since_up_ = 0;
    unsigned down_interval_ = 0;
    unsigned up_interval_ = 0;
    unsigned lossy_in_row_ = 0;
    unsigned probe_wins_ = 0;  // epochs the running probe down has passed
    std::optional<std::chrono::microseconds> min_rtt_{};
    UploadTime min_rtt_at_{};
    std::optional<std::chrono::microseconds> srtt_{};
};

}  // namespace smp::protocol
