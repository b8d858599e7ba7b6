// SPDX-License-Identifier: Apache-2.0
#pragma once
// smp::LogSink: where the client reports what it decides, each line with a level. The
// library prints nothing itself: without a sink its lines are dropped.
//
//     options.log = [](smp::LogLevel level, std::string_view line) {
//         if (level >= smp::LogLevel::info) std::clog << smp::to_string(level) << ": " << line;
//     };
//
// Levels: debug for the upload's inner workings (each window epoch, counters); info for
// decisions (fallbacks, protocol version changes, a lost link); warning for what the user
// must know (an upload without its integrity check, a device that lost a finished image).
// A sink of lines alone (`void(std::string_view)`, the earlier signature) still works and
// gets every level.
#include <concepts>
#include <functional>
#include <string_view>
#include <type_traits>
#include <utility>

namespace smp {

/// How much a log line matters.
enum class LogLevel {
    debug,   ///< the upload's workings: each window epoch, dropped answers, counters
    info,    ///< decisions: fallbacks, protocol version changes, a lost link
    warning  ///< what the user must know: an upload without its integrity check
};

/// "debug", "info" or "warning".
std::string_view to_string(LogLevel level) noexcept;

/// Where log lines go: any callable taking (LogLevel, std::string_view), or one taking the
/// line alone. Default-constructed: no sink, the lines are dropped.
class LogSink {
  public:
    /// The levelled form every sink is kept as.
    using Function = std::function<void(LogLevel, std::string_view)>;

    /// No sink.
    LogSink() = default;

    /// A sink taking the level and the line.
    template <class F>
    requires(!std::same_as<std::remove_cvref_t<F>, LogSink> &&
             std::invocable<F&, LogLevel, std::string_view>) LogSink(F sink)
        : sink_(std::move(sink)) {}  // NOLINT: implicit, as std::function

    /// A sink of lines without levels: it gets every level.
    template <class F>
    requires(!std::same_as<std::remove_cvref_t<F>, LogSink> &&
             !std::invocable<F&, LogLevel, std::string_view> &&
             std::invocable<F&, std::string_view>)
        LogSink(F sink) {  // NOLINT: implicit, as std::function
        // Through std::function, so that an empty one (or a null pointer) stays no sink.
        std::function<void(std::string_view)> lines(std::move(sink));
        if (lines)
            sink_ = [lines = std::move(lines)](LogLevel, std::string_view line) { lines(line); };
    }

    /// Passes the line to the sink, if there is one.
    void operator()(LogLevel level, std::string_view line) const {
        if (sink_)
            sink_(level, line);
    }
    /// Whether there is a sink.
    explicit operator bool() const noexcept { return static_cast<bool>(sink_); }

  private:
    Function sink_{};
};

}  // namespace smp
