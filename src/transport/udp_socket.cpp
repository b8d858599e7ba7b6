// SPDX-License-Identifier: Apache-2.0
// The UDP transports' shared socket setup (see udp_socket.hpp).
#include "transport/udp_socket.hpp"

#include <asio/use_awaitable.hpp>

namespace smp::detail {

asio::awaitable<void> connect_udp(asio::ip::udp::socket& socket, asio::ip::udp::resolver& resolver,
                                  const std::string& host, std::uint16_t port,
                                  const std::string& address) {
    auto endpoints =
        co_await resolver.async_resolve(host, std::to_string(port), asio::use_awaitable);
    asio::error_code ec = asio::error::host_not_found;
    for (const auto& entry : endpoints) {
        if (socket.is_open())
            socket.close();
        socket.open(entry.endpoint().protocol(), ec);
        if (!ec)
            socket.connect(entry.endpoint(), ec);
        if (!ec)
            co_return;
    }
    throw asio::system_error(ec, "opening UDP socket to " + address);
}

std::string udp_address(std::string_view scheme, const std::string& host, std::uint16_t port) {
    std::string text(scheme);
    text.append("://");
    if (host.find(':') != std::string::npos)
        text.append("[").append(host).append("]");
    else
        text.append(host);
    return text.append(":").append(std::to_string(port));
}

}  // namespace smp::detail
