// SPDX-License-Identifier: Apache-2.0
#pragma once
// SMP over UDP (Zephyr smp_udp.c): one datagram is one packet, each response message goes
// back to the sender as its own datagram.
#include "runner.hpp"

#include <array>
#include <string>
#include <vector>

namespace smpsim {

class UdpEndpoint {
  public:
    UdpEndpoint(asio::io_context& io, Runner& runner, const asio::ip::udp::endpoint& bind);
    /// "127.0.0.1:1337" or "[::1]:1337" with the real port (after binding port 0).
    std::string address() const;
    void start();

  private:
    void receive();
    Runner& runner_;
    asio::ip::udp::socket socket_;
    asio::ip::udp::endpoint sender_{};
    // CONFIG_MCUMGR_TRANSPORT_UDP_MTU default: longer datagrams are truncated by recvfrom.
    /// CONFIG_MCUMGR_TRANSPORT_UDP_MTU bytes: a longer datagram is cut there, as Zephyr reads it.
    std::vector<std::uint8_t> buffer_;
};

}  // namespace smpsim
