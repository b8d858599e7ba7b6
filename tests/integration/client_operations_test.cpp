// SPDX-License-Identifier: Apache-2.0
// The "every operation" suite (operations_suite.hpp) against the real smpsim process over
// each of its transports: UDP on IPv4 and IPv6, serial on a PTY and on TCP, each with
// encoded (console) and raw framing.
#include "operations_suite.hpp"
#include "smpsim_process.hpp"
#include "smpsim_serial.hpp"
#include "smpsim_udp.hpp"

namespace {

using smp_it::ClientOperations;
using smp_it::DeviceSetup;
using smp_it::Link;
using smp_it::LinkDevice;

std::vector<std::string> sim_args(const DeviceSetup& setup, std::vector<std::string> endpoint) {
    endpoint.insert(endpoint.end(),
                    {"--buf-size", std::to_string(setup.buf_size), "--buf-count",
                     std::to_string(setup.buf_count), "--state-dir", setup.state_dir.string()});
    return endpoint;
}

Link udp_link(std::string name, std::string address) {
    return Link{
        .name = std::move(name), .start = [address](const DeviceSetup& setup) {
            std::shared_ptr<smp_it::SmpsimProcess> sim;
            try {
                sim =
                    std::make_shared<smp_it::SmpsimProcess>(sim_args(setup, {"--udp", address}), 1);
            } catch (const std::exception& e) {
                // smpsim exits at once when the address cannot be bound (no ::1).
                throw smp_it::LinkUnavailable("smpsim could not bind " + address + ": " + e.what());
            }
            return LinkDevice{.keepalive = sim, .factory = smp_it::sim_udp(*sim)};
        }};
}

Link serial_link(std::string name, std::vector<std::string> endpoint, smp::SerialFraming framing) {
    if (framing == smp::SerialFraming::raw)
        endpoint.push_back("--raw");
    return Link{.name = std::move(name), .start = [endpoint, framing](const DeviceSetup& setup) {
                    auto sim =
                        std::make_shared<smp_it::SmpsimProcess>(sim_args(setup, endpoint), 1);
                    smp::SerialLinkOptions link;
                    link.framing = framing;
                    return LinkDevice{.keepalive = sim, .factory = smp_it::sim_serial(*sim, link)};
                }};
}

INSTANTIATE_TEST_SUITE_P(
    Smpsim, ClientOperations,
    ::testing::Values(udp_link("UdpV4", "127.0.0.1:0"), udp_link("UdpV6", "[::1]:0"),
                      serial_link("PtyEncoded", {"--pty"}, smp::SerialFraming::encoded),
                      serial_link("PtyRaw", {"--pty"}, smp::SerialFraming::raw),
                      serial_link("TcpEncoded", {"--tcp", "127.0.0.1:0"},
                                  smp::SerialFraming::encoded),
                      serial_link("TcpRaw", {"--tcp", "127.0.0.1:0"}, smp::SerialFraming::raw)),
    smp_it::link_name);

}  // namespace
