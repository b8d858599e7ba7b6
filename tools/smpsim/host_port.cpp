// SPDX-License-Identifier: Apache-2.0
#include "host_port.hpp"

#include <CLI/CLI.hpp>
#include <asio/ip/v6_only.hpp>

namespace smpsim {

HostPort parse_host_port(const std::string& text, unsigned short default_port) {
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string::npos)
            throw CLI::ValidationError("address", "missing ']' in " + text);
        const auto rest = text.substr(close + 1);
        return {text.substr(1, close - 1),
                rest.size() > 1 ? static_cast<unsigned short>(std::stoul(rest.substr(1)))
                                : default_port};
    }
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || text.find(':') != colon)  // none, or a bare IPv6
        return {text.empty() ? "127.0.0.1" : text, default_port};
    return {colon == 0 ? "127.0.0.1" : text.substr(0, colon),
            static_cast<unsigned short>(std::stoul(text.substr(colon + 1)))};
}

void bind_udp(asio::ip::udp::socket& socket, const asio::ip::udp::endpoint& bind) {
    socket.open(bind.protocol());
    if (bind.address().is_v6())
        socket.set_option(asio::ip::v6_only(true));
    socket.bind(bind);
}

}  // namespace smpsim
