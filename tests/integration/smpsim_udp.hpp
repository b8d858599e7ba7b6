// SPDX-License-Identifier: Apache-2.0
#pragma once
// UDP transport settings for reaching a running smpsim process at its first ready address.
#include <smp/transport/udp.hpp>

#include "client_runner.hpp"
#include "smpsim_process.hpp"

#include <cstdint>
#include <string>

namespace smp_it {

/// UdpOptions for smpsim's first endpoint ("host:port" or "[v6-host]:port").
inline smp::UdpOptions sim_udp_options(const SmpsimProcess& sim) {
    const auto address = sim.ready.at(0)["address"].get<std::string>();
    const auto colon = address.rfind(':');
    std::string host = address.substr(0, colon);
    if (host.size() > 2 && host.front() == '[')
        host = host.substr(1, host.size() - 2);
    return smp::UdpOptions{
        .host = host, .port = static_cast<std::uint16_t>(std::stoi(address.substr(colon + 1)))};
}

/// A ClientRunner factory for a UDP transport to smpsim's first endpoint.
inline ClientRunner::Factory sim_udp(const SmpsimProcess& sim) {
    return [o = sim_udp_options(sim)](asio::any_io_executor ex) {
        return smp::make_udp_transport(ex, o);
    };
}

}  // namespace smp_it
