// SPDX-License-Identifier: Apache-2.0
// Transfer progress (see progress.hpp).
#include "progress.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

namespace smpctl {

namespace {

constexpr auto tty_interval = std::chrono::milliseconds(100);
constexpr auto plain_interval = std::chrono::seconds(2);
constexpr int bar_width = 30;

std::string eta_text(double seconds) {
    if (seconds < 0 || seconds > 99 * 3600)
        return "--:--";
    const auto s = static_cast<long>(seconds + 0.5);
    return fmt::format("{}:{:02}", s / 60, s % 60);
}

}  // namespace

std::string human_bytes(double bytes) {
    if (bytes < 1024)
        return fmt::format("{:.0f} B", bytes);
    if (bytes < 1024 * 1024)
        return fmt::format("{:.1f} KiB", bytes / 1024);
    return fmt::format("{:.2f} MiB", bytes / (1024 * 1024));
}

Json TransferSummary::to_json() const {
    return Json{{"bytes", bytes},
                {"seconds", seconds},
                {"bytes_per_second", bytes_per_second},
                {"retries", retries}};
}

std::string TransferSummary::to_string(std::string_view verb) const {
    return fmt::format("{} {} ({} bytes) in {:.1f} s, {}/s, {} retries", verb,
                       human_bytes(static_cast<double>(bytes)), bytes, seconds,
                       human_bytes(bytes_per_second), retries);
}

Progress::Progress(const Output& out, std::string label, std::uint64_t total)
    : out_(out),
      label_(std::move(label)),
      total_(total),
      tty_(out.stderr_is_tty()),
      enabled_(out.verbosity >= Verbosity::normal),
      start_(Clock::now()),
      last_draw_(start_) {}

void Progress::update(std::uint64_t bytes) {
    std::lock_guard lock(mutex_);
    last_bytes_ = bytes;
    const auto now = Clock::now();
    if (now - last_draw_ < (tty_ ? tty_interval : plain_interval) && bytes < total_)
        return;
    last_draw_ = now;
    draw(bytes, false);
}

void Progress::note(std::string_view line) {
    std::lock_guard lock(mutex_);
    if (tty_ && enabled_ && drawn_ && !end_)
        fmt::print(stderr, "\r\x1b[K");  // the bar's line becomes the note's
    out_.info(line);
    if (tty_ && drawn_ && !end_)
        draw(last_bytes_, false);
}

std::string Progress::plain_line(std::uint64_t bytes, double seconds, double rate) const {
    const double percent = total_ ? 100.0 * static_cast<double>(bytes) / total_ : 100.0;
    return fmt::format("{}: {}/{} bytes ({:.0f}%), {}/s, {:.1f} s", label_, bytes, total_, percent,
                       human_bytes(rate), seconds);
}

void Progress::draw(std::uint64_t bytes, bool final) {
    if (!enabled_ || (end_ && !final))
        return;
    const double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
    const double rate = seconds > 0 ? static_cast<double>(bytes) / seconds : 0;
    if (!tty_) {
        if (!final)
            fmt::print(stderr, "{}\n", plain_line(bytes, seconds, rate));
        return;
    }
    const double fraction = total_ ? std::min(1.0, static_cast<double>(bytes) / total_) : 1.0;
    const int filled = static_cast<int>(fraction * bar_width);
    const double eta = rate > 0 ? static_cast<double>(total_ - std::min(bytes, total_)) / rate : -1;
    fmt::print(stderr, "\r{} [{}{}] {:3.0f}% {:>10}/{:<10} {:>10}/s ETA {}\x1b[K", label_,
               std::string(static_cast<std::size_t>(filled), '#'),
               std::string(static_cast<std::size_t>(bar_width - filled), '.'), fraction * 100,
               human_bytes(static_cast<double>(bytes)), human_bytes(static_cast<double>(total_)),
               human_bytes(rate), eta_text(eta));
    std::fflush(stderr);
    drawn_ = true;
}

void Progress::end_bar() {
    if (end_)
        return;
    end_ = Clock::now();
    if (tty_ && enabled_) {
        draw(total_, true);
        fmt::print(stderr, "\n");
    }
}

void Progress::stop() {
    std::lock_guard lock(mutex_);
    end_bar();
}

TransferSummary Progress::finish(std::string_view verb, std::uint64_t retries) {
    std::lock_guard lock(mutex_);
    end_bar();
    TransferSummary summary;
    summary.bytes = total_;
    summary.seconds = std::chrono::duration<double>(*end_ - start_).count();
    summary.bytes_per_second =
        summary.seconds > 0 ? static_cast<double>(total_) / summary.seconds : 0;
    summary.retries = retries;
    out_.info(summary.to_string(verb));
    return summary;
}

void Progress::abandon() {
    std::lock_guard lock(mutex_);
    if (tty_ && drawn_ && enabled_ && !end_)
        fmt::print(stderr, "\n");
}

}  // namespace smpctl
