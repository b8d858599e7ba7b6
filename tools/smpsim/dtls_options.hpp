// SPDX-License-Identifier: Apache-2.0
#pragma once
// smpsim --dtls: the options (parsed in every build) and the endpoints' start, which needs
// mbedTLS (dtls_start.cpp) or says that this build has none (dtls_start_unavailable.cpp).
#include "runner.hpp"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace smpsim {

struct DtlsServerOptions {
    std::string cert_file{};       ///< PEM server certificate (chain)
    std::string key_file{};        ///< PEM private key of cert_file
    std::string client_ca_file{};  ///< PEM CA for client certificates
    bool require_client_cert = false;
    std::string psk_identity{};
    std::vector<std::uint8_t> psk{};
    /// A session idle this long is forgotten (the client must handshake again).
    std::chrono::milliseconds session_timeout{60000};
    std::size_t max_clients = 4;  ///< sessions at once; more ClientHellos are ignored
};

struct DtlsCli {
    std::vector<std::string> endpoints{};  ///< host:port of each DTLS endpoint
    DtlsServerOptions server{};
    std::string psk_hex{};
    std::uint32_t session_timeout_ms = 60000;
};

/// Declares --dtls and its --dtls-* options.
void add_dtls_options(CLI::App& app, DtlsCli& cli);

/// Checks the options together (cert with key, a credential at all, the PSK's hex and
/// length); throws CLI::ValidationError.
void check_dtls_options(DtlsCli& cli);

/// Binds and starts each endpoint, printing its ready line; the result keeps them alive.
/// Throws std::runtime_error (a file that does not load; a build without mbedTLS).
std::shared_ptr<void> start_dtls(asio::io_context& io, Runner& runner, const DtlsCli& cli,
                                 const std::function<void(const std::string&)>& ready);

}  // namespace smpsim
