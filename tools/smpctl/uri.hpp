// SPDX-License-Identifier: Apache-2.0
#pragma once
// Connection URIs in smpctl: the library's (smp/client/connection_uri.hpp), with its errors
// turned into ToolErrors (a bad URI is a usage error, a missing port or transport a
// transport error).
#include <smp/client/connection_uri.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace smpctl {

using smp::ConnectionUri;
using smp::ConsoleSink;

/// smp::parse_connection_uri; throws ToolError(usage).
ConnectionUri parse_uri(const std::string& text);

/// smp::expand_usb; throws ToolError(transport) when no port matches.
std::vector<ConnectionUri> expand_usb_uri(const ConnectionUri& uri);

/// smp::make_transport_factory; throws ToolError(usage) or ToolError(transport).
smp::BlockingClient::TransportFactory make_factory(const ConnectionUri& uri,
                                                   const ConsoleSink& on_console = {});

/// The URI forms, headed for smpctl's --help.
std::string uri_help();

}  // namespace smpctl
