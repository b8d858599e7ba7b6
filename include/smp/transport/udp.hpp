// SPDX-License-Identifier: Apache-2.0
#pragma once
// SMP over UDP (Zephyr smp_udp.c): one datagram per message, default port 1337.
#include <smp/transport/transport.hpp>

#include <cstdint>
#include <memory>
#include <string>

namespace smp {

/// Where a UDP device is (make_udp_transport()).
struct UdpOptions {
    std::string host{};         ///< host name, IPv4 or IPv6 address
    std::uint16_t port = 1337;  ///< CONFIG_MCUMGR_TRANSPORT_UDP_PORT default
    /// Largest datagram the device accepts: CONFIG_MCUMGR_TRANSPORT_UDP_MTU (default 1500),
    /// the device's receive buffer; longer datagrams are truncated by the device.
    std::size_t mtu = 1500;
};

/// A UDP transport; the socket is opened (and the name resolved) by open().
/// Messages are limited to min(mtu, the device's buf_size).
std::unique_ptr<Transport> make_udp_transport(asio::any_io_executor executor, UdpOptions options);

}  // namespace smp
