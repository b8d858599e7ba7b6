// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the UDP and DTLS transports share: the connected socket to the device, and the
// address they print.
#include <asio/awaitable.hpp>
#include <asio/ip/udp.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace smp::detail {

/// Resolves `host`, then opens and connects `socket` to the first address that takes it, so
/// that only the device's datagrams arrive. Throws asio::system_error naming `address`.
asio::awaitable<void> connect_udp(asio::ip::udp::socket& socket, asio::ip::udp::resolver& resolver,
                                  const std::string& host, std::uint16_t port,
                                  const std::string& address);

/// "udp://[::1]:1337": the scheme, the host (IPv6 in brackets) and the port.
std::string udp_address(std::string_view scheme, const std::string& host, std::uint16_t port);

}  // namespace smp::detail
