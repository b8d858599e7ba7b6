// SPDX-License-Identifier: Apache-2.0
#pragma once
// Transfer progress on stderr: a redrawn bar on a terminal (bytes, percent, rate, ETA), plain
// lines every few seconds otherwise, and a summary at the end (bytes, time, rate, retries).
#include "output.hpp"

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

namespace smpctl {

struct TransferSummary {
    std::uint64_t bytes = 0;
    double seconds = 0;
    double bytes_per_second = 0;
    std::uint64_t retries = 0;

    Json to_json() const;
    std::string to_string(std::string_view verb) const;
};

class Progress {
  public:
    Progress(const Output& out, std::string label, std::uint64_t total);
    /// `bytes` done so far; safe to call from the client's I/O thread.
    void update(std::uint64_t bytes);
    /// Prints `line` (at normal verbosity) above the bar, which is drawn again below it: news
    /// during the transfer, such as a lost link being connected again. Any thread.
    void note(std::string_view line);
    /// Ends the bar and stops the clock, without a summary yet (the transfer is done but its
    /// retry count comes later, e.g. from the upgrade routine's result). Any thread.
    void stop();
    /// Ends the bar (unless stopped) and prints the summary line ("Uploaded 2.0 MiB in ...").
    TransferSummary finish(std::string_view verb, std::uint64_t retries);
    /// Ends the bar without a summary (the transfer failed).
    void abandon();

  private:
    using Clock = std::chrono::steady_clock;
    void draw(std::uint64_t bytes, bool final);
    void end_bar();
    std::string plain_line(std::uint64_t bytes, double seconds, double rate) const;

    const Output& out_;
    std::string label_;
    std::uint64_t total_ = 0;
    bool tty_ = false;
    bool enabled_ = true;
    bool drawn_ = false;
    Clock::time_point start_{};
    Clock::time_point last_draw_{};
    std::optional<Clock::time_point> end_{};
    std::uint64_t last_bytes_ = 0;
    std::mutex mutex_{};
};

/// "1.5 KiB", "2.0 MiB".
std::string human_bytes(double bytes);

}  // namespace smpctl
