// SPDX-License-Identifier: Apache-2.0
#pragma once
// What one device of several says on stderr: whole lines prefixed with its name
// ("[ttyACM0:A1] [2/6] marking..."), and its upload progress as such a line every few
// seconds. Every device runs on the one I/O thread, so lines never interleave mid-line; a
// redrawn bar would, with many devices writing to one terminal, which is why there is none.
#include "output.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace smpctl {

class DeviceLine {
  public:
    DeviceLine(const Output& out, std::string name);
    /// A status line (suppressed by -q).
    void info(std::string_view line) const;
    /// A diagnostic line (-v only).
    void debug(std::string_view line) const;
    /// A line of the library's log (Output::log's rules).
    void log(smp::LogLevel level, std::string_view line) const;
    /// Upload progress: a line when the last one is a few seconds old, and at 100%.
    void progress(std::uint64_t bytes, std::uint64_t total);
    const std::string& name() const { return name_; }

  private:
    using Clock = std::chrono::steady_clock;
    const Output& out_;
    std::string name_;
    Clock::time_point start_ = Clock::now();
    Clock::time_point last_line_{};
    bool done_ = false;
};

}  // namespace smpctl
