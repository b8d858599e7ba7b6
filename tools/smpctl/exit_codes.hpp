// SPDX-License-Identifier: Apache-2.0
#pragma once
// smpctl's exit codes (documented in --help and docs/smpctl.1) and the error type commands
// throw to end with one of them.
#include <smp/protocol/error.hpp>
#include <smp/protocol/result.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace smpctl {

enum class ExitCode : int {
    ok = 0,
    failure = 1,                ///< anything not classified below (a bug, an unexpected exception)
    usage = 2,                  ///< bad command line or connection URI
    device_error = 3,           ///< the device refused a request (group/rc named in the message)
    timeout = 4,                ///< the device did not answer in time
    transport = 5,              ///< the link failed: no such port, host unreachable, unsupported
    bad_input = 6,              ///< an input file is missing, unreadable or not a valid image
    check_failed = 7,           ///< the device answered but is not in the expected state
    transfer_failed = 8,        ///< a transfer could not complete (e.g. the device kept resetting)
    image_refused = 9,          ///< the bootloader received the image whole but did not accept it
    some_failed = 10,           ///< a command on several devices: at least one failed
    upgrade_not_possible = 11,  ///< the bootloader's mode rules the upgrade out as asked
};

/// The text for --help and the man page.
std::string_view exit_code_help();

/// The exit code for a library error.
ExitCode exit_code_for(const smp::Error& error);

/// What a command throws to stop: an exit code, a message naming what was tried and what
/// to do, and the library error when there was one (its device part goes into --json).
class ToolError : public std::runtime_error {
  public:
    ToolError(ExitCode code, std::string message, std::optional<smp::Error> error = {})
        : std::runtime_error(std::move(message)), code_(code), error_(std::move(error)) {}
    ExitCode code() const noexcept { return code_; }
    const std::optional<smp::Error>& error() const noexcept { return error_; }

  private:
    ExitCode code_;
    std::optional<smp::Error> error_;
};

/// Ends smpctl with `code` once the command has said all there is to say (a summary of several
/// devices, each failure named): main prints nothing more.
class QuietExit : public std::exception {
  public:
    explicit QuietExit(ExitCode code) : code_(code) {}
    ExitCode code() const noexcept { return code_; }
    const char* what() const noexcept override { return "exit"; }

  private:
    ExitCode code_;
};

/// A ToolError for a failed library call: "<what>: <error message>[. <hint>]".
ToolError tool_error(const smp::Error& error, std::string_view what);

/// The value of a Result, or throws tool_error(error, what).
template <class T>
T take(smp::Result<T> result, std::string_view what) {
    if (!result)
        throw tool_error(result.error(), what);
    return std::move(*result);
}

}  // namespace smpctl
