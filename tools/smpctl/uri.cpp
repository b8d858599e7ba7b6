// SPDX-License-Identifier: Apache-2.0
// The library's connection URIs, with smpctl's exit codes for their errors.
#include "uri.hpp"

#include "exit_codes.hpp"

namespace smpctl {

namespace {

// Runs `f`, turning the library's URI and port errors into the ToolError smpctl exits with.
template <class F>
auto translated(F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const smp::UriError& e) {
        throw ToolError(ExitCode::usage, e.what());
    } catch (const smp::PortNotFound& e) {
        throw ToolError(ExitCode::transport, e.what());
    } catch (const smp::SystemError& e) {
        throw ToolError(ExitCode::transport, e.error().detail, e.error());
    }
}

}  // namespace

ConnectionUri parse_uri(const std::string& text) {
    return translated([&] { return smp::parse_connection_uri(text); });
}

std::vector<ConnectionUri> expand_usb_uri(const ConnectionUri& uri) {
    return translated([&] { return smp::expand_usb(uri); });
}

smp::BlockingClient::TransportFactory make_factory(const ConnectionUri& uri,
                                                   const ConsoleSink& on_console) {
    return translated([&] { return smp::make_transport_factory(uri, on_console); });
}

std::string uri_help() {
    return "Connection URIs (--conn URI or the SMP_CONN environment variable):\n" +
           std::string(smp::connection_uri_help()) +
           "Console text seen on a serial line is shown on stderr with -v.\n";
}

}  // namespace smpctl
