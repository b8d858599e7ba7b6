// SPDX-License-Identifier: Apache-2.0
#pragma once
// Serial transport settings for reaching a running smpsim process at its first ready
// endpoint: its PTY ("path") or its TCP serial socket ("address").
#include <smp/transport/serial.hpp>

#include "client_runner.hpp"
#include "smpsim_process.hpp"

#include <cstdint>
#include <string>

namespace smp_it {

/// A ClientRunner factory for smpsim's first endpoint, which must be a PTY or a TCP serial
/// socket; `link` chooses framing and fragmentation (and must match smpsim's --raw).
inline ClientRunner::Factory sim_serial(const SmpsimProcess& sim, smp::SerialLinkOptions link) {
    const auto& ready = sim.ready.at(0);
    if (ready["transport"] == "pty") {
        smp::SerialOptions o;
        o.device = ready["path"].get<std::string>();
        o.link = std::move(link);
        return [o](asio::any_io_executor ex) { return smp::make_serial_transport(ex, o); };
    }
    const auto address = ready["address"].get<std::string>();
    const auto colon = address.rfind(':');
    smp::TcpSerialOptions o;
    o.host = address.substr(0, colon);
    o.port = static_cast<std::uint16_t>(std::stoi(address.substr(colon + 1)));
    o.link = std::move(link);
    return [o](asio::any_io_executor ex) { return smp::make_tcp_serial_transport(ex, o); };
}

}  // namespace smp_it
