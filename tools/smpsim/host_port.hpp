// SPDX-License-Identifier: Apache-2.0
#pragma once
// Endpoint addresses on smpsim's command line.
#include <string>

namespace smpsim {

struct HostPort {
    std::string host;
    unsigned short port;
};

/// "127.0.0.1:1337", "[::1]:1337", "::1" (default port), ":1337"; throws CLI::ValidationError.
HostPort parse_host_port(const std::string& text, unsigned short default_port);

}  // namespace smpsim
