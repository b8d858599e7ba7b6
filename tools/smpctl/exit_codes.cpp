// SPDX-License-Identifier: Apache-2.0
// Exit codes and the mapping of library errors onto them.
#include "exit_codes.hpp"

#include <smp/protocol/error_kind.hpp>

namespace smpctl {

std::string_view exit_code_help() {
    return "Exit codes:\n"
           "  0  success\n"
           "  1  unexpected failure\n"
           "  2  usage error (bad option, argument or connection URI)\n"
           "  3  the device refused a request (its group/rc name is printed)\n"
           "  4  timeout: the device did not answer\n"
           "  5  transport failure (no such port or host, link error, unsupported transport)\n"
           "  6  bad input file (missing, unreadable, not a valid MCUboot image)\n"
           "  7  the device answered but is not in the expected state (e.g. after an upgrade)\n"
           "  8  a transfer could not complete within its retry budget (e.g. the device reset)\n"
           "  9  the bootloader received the image but refused it (hash, signature, address)\n"
           " 10  several devices: some failed, the others succeeded or were not reached (the\n"
           "     summary and --json name each device's result and exit code)\n"
           " 11  the bootloader's mode rules the upgrade out as asked (direct-XIP: not a newer\n"
           "     version; single-slot or firmware loader: only with --via-bootloader)\n"
           "130  interrupted (Ctrl-C; on Windows also Ctrl-Break): an upload resumes on the\n"
           "     next run\n";
}

ExitCode exit_code_for(const smp::Error& error) {
    switch (smp::error_kind(error)) {
        case smp::ErrorKind::device:
            return ExitCode::device_error;
        case smp::ErrorKind::timeout:
            return ExitCode::timeout;
        case smp::ErrorKind::bad_input:
            return ExitCode::bad_input;
        case smp::ErrorKind::invalid_argument:
            return ExitCode::usage;
        case smp::ErrorKind::check_failed:
            return ExitCode::check_failed;
        case smp::ErrorKind::transfer_failed:
            return ExitCode::transfer_failed;
        case smp::ErrorKind::image_refused:
            return ExitCode::image_refused;
        case smp::ErrorKind::upgrade_not_possible:
            return ExitCode::upgrade_not_possible;
        case smp::ErrorKind::protocol:
            return ExitCode::failure;
        case smp::ErrorKind::transport:
        case smp::ErrorKind::cancelled:  // the link was closed under the request
        case smp::ErrorKind::corrupt:
            return ExitCode::transport;
    }
    return ExitCode::failure;
}

namespace {

std::string_view hint_for(ExitCode code) {
    switch (code) {
        case ExitCode::timeout:
            return "Check that the device is powered and listening at this address, or raise "
                   "--timeout";
        case ExitCode::transport:
            return "Check the connection URI (--conn or SMP_CONN) and that the device or port "
                   "exists";
        case ExitCode::bad_input:
            return "Check the file: it must be a signed MCUboot image (.bin) or Intel HEX";
        default:
            return {};
    }
}

}  // namespace

ToolError tool_error(const smp::Error& error, std::string_view what) {
    const auto code = exit_code_for(error);
    std::string message = std::string(what) + ": " + error.message();
    if (const auto hint = hint_for(code); !hint.empty()) {
        // Windows' system messages end in a full stop of their own ("File not found.").
        if (!message.ends_with('.'))
            message += '.';
        message += "\n  " + std::string(hint) + ".";
    }
    return ToolError(code, std::move(message), error);
}

}  // namespace smpctl
