// SPDX-License-Identifier: Apache-2.0
#pragma once
// Clients of a running ZephyrServer: the library's BlockingClient over the transport the
// fixture speaks (PTY, TCP UART, UDP), and the smpctl URI of the same link.
#include "zephyr_server.hpp"

#include <smp/client/blocking_client.hpp>
#include <smp/protocol/serial/fragmentation.hpp>
#include <smp/transport/serial.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace smp_zephyr {

/// How the client is set up for one test.
struct ClientSetup {
    smp::serial::Fragmentation strategy = smp::serial::Auto{};
    /// A tty path to use instead of the server's PTY (a PtyTap's).
    std::optional<std::string> tty{};
    /// SerialLinkOptions::pace_baud_rate; by default paced_rate_for(the fixture).
    std::optional<std::optional<unsigned>> pace_baud_rate{};
    std::chrono::milliseconds timeout{3000};
    /// Where the client's log lines go (fallbacks it took); kept for the test to read.
    std::shared_ptr<std::vector<std::string>> log = std::make_shared<std::vector<std::string>>();
};

/// The pace a client needs on this fixture's link: 115200 baud for the native_sim builds with
/// Zephyr's default UART receive pool (two 128-byte lines: line_length_max 128), which drop
/// the lines of a burst beyond two ("Insufficient buffers, fragment dropped"), and for the
/// 512-byte-line build; none for the others (larger pools, QEMU's TCP UART, UDP).
std::optional<unsigned> paced_rate_for(const FixtureSpec& spec);

/// Encoded framing unless the fixture speaks raw SMP on its UART.
smp::SerialFraming framing_of(const FixtureSpec& spec);

smp::BlockingClient::TransportFactory transport_for(const ZephyrServer& server,
                                                    const ClientSetup& setup = {});

/// The same for any endpoint that speaks like `spec` (smpsim standing in for the fixture).
smp::BlockingClient::TransportFactory transport_to(const Endpoint& endpoint,
                                                   const FixtureSpec& spec,
                                                   const ClientSetup& setup = {});

/// A client connected to `server`, once the server answers an echo (or refuses it, as MCUboot
/// serial recovery does): a booting device may be reachable before its SMP transport is ready.
/// Errors: runtime_error naming the last error and the server's output.
std::unique_ptr<smp::BlockingClient> connect_when_answering(
    const ZephyrServer& server, const ClientSetup& setup = {},
    std::chrono::seconds limit = std::chrono::seconds(30));

/// The smpctl --conn URI of the server, with an optional `strategy=` value.
std::string smpctl_uri(const ZephyrServer& server, const std::string& strategy = {});

}  // namespace smp_zephyr
