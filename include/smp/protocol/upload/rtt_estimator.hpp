// SPDX-License-Identifier: Apache-2.0
#pragma once
// The round-trip estimates of an upload: the smoothed round trip (RFC 6298's SRTT, with Karn's
// rule) and the path's minimum round trip (BBR's RTprop: a minimum kept for a window of time,
// so that a path that got longer is noticed once the old minimum expires). The window
// controller (window_controller.hpp) decides with them; this class only measures.
#include <chrono>
#include <cstdint>
#include <optional>

namespace smp::upload {

/// When an upload's events happen (the machine's clock, or a simulated one in tests).
using UploadTime = std::chrono::steady_clock::time_point;

/// What the controller remembers of one send, returned by on_send and given back with its
/// answer.
struct SendStamp {
    std::uint64_t seq = 0;  ///< send number, counted by the window controller
    UploadTime sent{};      ///< when the chunk went out
    bool resend = false;    ///< the offset had been sent before (its round trip is ambiguous)
    bool alone = false;     ///< nothing else was in flight when it went
};

/// Smoothed and minimum round trips of an upload's chunks. Thread safety: none.
class RttEstimator {
  public:
    /// The round trip of the answer to `stamp`, arriving at `now`, folded into the smoothed
    /// round trip; nothing for the answer to a resent chunk (Karn's rule, RFC 6298 section 3:
    /// it may answer either send).
    std::optional<std::chrono::microseconds> sample(UploadTime now, const SendStamp& stamp);
    /// A round trip of a chunk that went alone at window 1: nothing was queued ahead of it at
    /// the device, so it is the path's round trip itself and replaces the minimum even when
    /// larger (BBR's ProbeRTT drains the pipe for such a sample).
    void take_lone(UploadTime now, std::chrono::microseconds rtt);
    /// A round trip taken with other chunks in flight (or alone, `alone`): it lowers the
    /// minimum, or replaces one older than `lifetime`.
    void offer(UploadTime now, std::chrono::microseconds rtt, bool alone,
               std::chrono::milliseconds lifetime);

    /// The path's minimum round trip, once one was measured.
    std::optional<std::chrono::microseconds> min_rtt() const noexcept { return min_rtt_; }
    /// The smoothed round trip, once one was measured.
    std::optional<std::chrono::microseconds> srtt() const noexcept { return srtt_; }

  private:
    std::optional<std::chrono::microseconds> min_rtt_{};
    UploadTime min_rtt_at_{};
    bool min_rtt_lone_ = false;  // min_rtt_ is a chunk's that went alone
    std::optional<std::chrono::microseconds> srtt_{};
};

}  // namespace smp::upload
