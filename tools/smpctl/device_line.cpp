// SPDX-License-Identifier: Apache-2.0
// One device's lines among several (see device_line.hpp).
#include "device_line.hpp"

#include "progress.hpp"

#include <fmt/format.h>

namespace smpctl {

namespace {

// Long enough that 32 devices do not flood the terminal, short enough to see each move.
constexpr auto progress_interval = std::chrono::seconds(2);

}  // namespace

DeviceLine::DeviceLine(const Output& out, std::string name) : out_(out), name_(std::move(name)) {}

void DeviceLine::info(std::string_view line) const {
    out_.info(fmt::format("[{}] {}", name_, line));
}

void DeviceLine::debug(std::string_view line) const {
    out_.debug(fmt::format("[{}] {}", name_, line));
}

void DeviceLine::log(smp::LogLevel level, std::string_view line) const {
    out_.log(level, fmt::format("[{}] {}", name_, line));
}

void DeviceLine::progress(std::uint64_t bytes, std::uint64_t total) {
    const auto now = Clock::now();
    const bool complete = bytes >= total;
    if (done_ || (!complete && now - last_line_ < progress_interval))
        return;
    last_line_ = now;
    done_ = complete;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double percent = total ? 100.0 * static_cast<double>(bytes) / total : 100.0;
    info(fmt::format("upload {:3.0f}% {}/{}, {}/s", percent,
                     human_bytes(static_cast<double>(bytes)),
                     human_bytes(static_cast<double>(total)),
                     human_bytes(seconds > 0 ? static_cast<double>(bytes) / seconds : 0)));
}

}  // namespace smpctl
