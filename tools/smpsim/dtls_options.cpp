// SPDX-License-Identifier: Apache-2.0
// smpsim --dtls options (see dtls_options.hpp).
#include "dtls_options.hpp"

#include <charconv>
#include <system_error>

namespace smpsim {

void add_dtls_options(CLI::App& app, DtlsCli& cli) {
    app.add_option("--dtls", cli.endpoints,
                   "SMP over DTLS 1.2 (mbedTLS) endpoint host:port, as Zephyr 4.3+ "
                   "CONFIG_MCUMGR_TRANSPORT_UDP_DTLS; no plain UDP is served unless --udp is "
                   "given too")
        ->expected(0, 1)
        ->default_str("127.0.0.1:1337");
    app.add_option("--dtls-cert", cli.server.cert_file, "PEM server certificate (chain)");
    app.add_option("--dtls-key", cli.server.key_file, "PEM private key of --dtls-cert");
    app.add_option("--dtls-client-ca", cli.server.client_ca_file,
                   "PEM CA that client certificates must chain to");
    app.add_flag("--dtls-require-client-cert", cli.server.require_client_cert,
                 "refuse clients without a certificate from --dtls-client-ca");
    app.add_option("--dtls-psk-identity", cli.server.psk_identity, "PSK identity");
    app.add_option("--dtls-psk", cli.psk_hex, "PSK as hex (1 to 32 bytes)");
    app.add_option("--dtls-session-timeout-ms", cli.session_timeout_ms,
                   "forget a session idle this long")
        ->capture_default_str()
        ->check(CLI::Range(1u, 86'400'000u));
    app.add_option("--dtls-max-clients", cli.server.max_clients, "sessions at once")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000));
}

void check_dtls_options(DtlsCli& cli) {
    auto& s = cli.server;
    if (s.cert_file.empty() != s.key_file.empty())
        throw CLI::ValidationError("--dtls-cert", "--dtls-cert and --dtls-key go together");
    if (s.require_client_cert && s.client_ca_file.empty())
        throw CLI::ValidationError("--dtls-require-client-cert", "needs --dtls-client-ca");
    if (cli.psk_hex.size() % 2 != 0 || cli.psk_hex.size() > 64)
        throw CLI::ValidationError("--dtls-psk", "1 to 32 bytes as an even number of hex digits");
    for (std::size_t i = 0; i < cli.psk_hex.size(); i += 2) {
        unsigned byte = 0;
        const auto* p = cli.psk_hex.data() + i;
        const auto [end, ec] = std::from_chars(p, p + 2, byte, 16);
        if (ec != std::errc{} || end != p + 2)
            throw CLI::ValidationError("--dtls-psk", "not hex: " + cli.psk_hex);
        s.psk.push_back(static_cast<std::uint8_t>(byte));
    }
    if (s.psk.empty() != s.psk_identity.empty())
        throw CLI::ValidationError("--dtls-psk", "--dtls-psk and --dtls-psk-identity go together");
    if (!cli.endpoints.empty() && s.cert_file.empty() && s.psk.empty())
        throw CLI::ValidationError("--dtls", "needs --dtls-cert/--dtls-key or a PSK");
    s.session_timeout = std::chrono::milliseconds(cli.session_timeout_ms);
}

}  // namespace smpsim
