// SPDX-License-Identifier: Apache-2.0
// The library's connection URIs, with smpctl's exit codes for their errors.
#include "uri.hpp"

#include "exit_codes.hpp"

#include <smp/protocol/error_kind.hpp>

namespace smpctl {

namespace {

// The value of a URI Result, or the ToolError smpctl exits with: a bad URI or option is a
// usage error; anything else (no such port, a transport this build lacks) a transport error.
template <class T>
T take_uri(smp::Result<T> result) {
    if (result)
        return std::move(*result);
    const auto& error = result.error();
    const auto code = smp::error_kind(error) == smp::ErrorKind::invalid_argument
                          ? ExitCode::usage
                          : ExitCode::transport;
    throw ToolError(code, error.detail, error);
}

}  // namespace

ConnectionUri parse_uri(const std::string& text) {
    return take_uri(smp::parse_connection_uri(text));
}

std::vector<ConnectionUri> expand_usb_uri(const ConnectionUri& uri) {
    return take_uri(smp::expand_usb(uri));
}

smp::BlockingClient::TransportFactory make_factory(const ConnectionUri& uri,
                                                   const ConsoleSink& on_console) {
    return take_uri(smp::make_transport_factory(uri, on_console));
}

std::string uri_help() {
    return "Connection URIs (--conn URI or the SMP_CONN environment variable):\n" +
           std::string(smp::connection_uri_help()) +
           "Console text seen on a serial line is shown on stderr with -v.\n";
}

}  // namespace smpctl
