// SPDX-License-Identifier: Apache-2.0
#pragma once
// Output rules: with --json exactly one JSON document goes to stdout (byte strings as hex);
// otherwise human text goes to stdout. Logs, progress and errors always go to stderr.
#include <smp/client/log.hpp>
#include <smp/protocol/bytes.hpp>
#include <smp/protocol/message.hpp>

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <string_view>

namespace smpctl {

using Json = nlohmann::ordered_json;

/// -q, none, -v, -vv.
enum class Verbosity { quiet = -1, normal = 0, verbose = 1, debug = 2 };

class Output {
  public:
    bool json = false;
    Verbosity verbosity = Verbosity::normal;

    /// The command's result: `doc` on stdout with --json, else `human()` writes text.
    void emit(const Json& doc, const std::function<void()>& human) const;
    /// A status line for people (stderr), suppressed by -q.
    void info(std::string_view line) const;
    /// A diagnostic line (stderr), only with -v.
    void debug(std::string_view line) const;
    /// A line of the library's log (stderr): warnings always, info with -v, debug with -vv.
    void log(smp::LogLevel level, std::string_view line) const;
    /// Whether stderr is a terminal (progress bar vs. plain lines).
    bool stderr_is_tty() const;
};

/// Lower-case hex of bytes, for JSON and tables.
std::string hex(smp::ByteView bytes);
/// A decoded CBOR value as JSON, byte strings (binary) replaced by hex strings.
Json json_from_cbor(const Json& cbor);
/// The unknown keys of a response as JSON (empty object when none).
Json json_from_extra(const smp::Extra& extra);
/// Adds `"extra": {...}` to `doc` when the response carried unknown keys.
void add_extra(Json& doc, const smp::Extra& extra);

}  // namespace smpctl
