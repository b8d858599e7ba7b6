// SPDX-License-Identifier: Apache-2.0
#pragma once
// Endpoint addresses: on smpsim's command line, in its ready lines, and the UDP sockets bound
// to them.
#include <asio/ip/udp.hpp>

#include <string>

namespace smpsim {

struct HostPort {
    std::string host;
    unsigned short port;
};

/// "127.0.0.1:1337", "[::1]:1337", "::1" (default port), ":1337"; throws CLI::ValidationError.
HostPort parse_host_port(const std::string& text, unsigned short default_port);

/// "127.0.0.1:1337" or "[::1]:1337": a bound endpoint as the ready lines print it.
template <class Endpoint>
std::string endpoint_text(const Endpoint& ep) {
    const auto host = ep.address().to_string();
    std::string text = ep.address().is_v6() ? "[" + host + "]" : host;
    return text.append(":").append(std::to_string(ep.port()));
}

/// Opens and binds `socket` to `bind` (IPv6 only for an IPv6 address, so that [::1] and
/// 127.0.0.1 can be two endpoints).
void bind_udp(asio::ip::udp::socket& socket, const asio::ip::udp::endpoint& bind);

}  // namespace smpsim
