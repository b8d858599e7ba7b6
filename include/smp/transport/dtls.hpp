// SPDX-License-Identifier: Apache-2.0
#pragma once
// SMP over DTLS 1.2 on UDP (Zephyr 4.3+ CONFIG_MCUMGR_TRANSPORT_UDP_DTLS): the device is the
// DTLS server, one SMP message is one DTLS record in one datagram. Built on OpenSSL; a build
// without it (SMP_DTLS=OFF) has no DTLS transport and dtls:// URIs say so.
#include <smp/protocol/bytes.hpp>
#include <smp/transport/transport.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace smp {

/// Where a DTLS (SMP over UDP with DTLS) device is, and the credentials to reach it.
struct DtlsOptions {
    std::string host{};         ///< host name, IPv4 or IPv6 address
    std::uint16_t port = 1337;  ///< CONFIG_MCUMGR_TRANSPORT_UDP_PORT default
    /// Largest datagram (a whole DTLS record) the device takes; SMP messages are limited to
    /// this minus the record overhead of the negotiated suite, and to the device's buf_size.
    std::size_t mtu = 1500;
    std::string ca_file{};    ///< PEM CA certificate(s) the server certificate must chain to
    std::string cert_file{};  ///< PEM client certificate (client authentication)
    std::string key_file{};   ///< PEM private key of cert_file
    /// The name the server certificate must carry; empty: the host. Zephyr's smp_svr sample
    /// certificate says CN=localhost, so a device at an address is reached with name=localhost.
    std::string name{};
    std::string psk_identity{};  ///< PSK suites: the identity
    Bytes psk{};                 ///< PSK suites: the key (1 to 32 bytes)
    Bytes fingerprint{};         ///< SHA-256 of the server certificate (DER), pinned
    bool verify = true;          ///< false: no check at all (tests only; a warning is printed)
    /// Handshake: RFC 6347 4.2.4.1 timers (1 s, doubling), given up after this long.
    std::chrono::milliseconds handshake_timeout{15000};
    /// Three records or more sent and none back for this long: the session is presumed lost
    /// (device reset, the server dropped it; a DTLS server drops records of a session it does
    /// not know, without a word) and the link reported lost, so that the client handshakes
    /// again and an upload resumes. Above the upload's 2 s chunk timeout, under its give-up.
    std::chrono::milliseconds lost_after{6000};
};

/// True when this build has the DTLS transport (OpenSSL).
bool dtls_available() noexcept;

/// A DTLS transport; open() resolves the name and performs the handshake. Errors of open():
/// an Error whose detail names the cause (certificate check, alert, no answer); a session
/// presumed lost is the link-lost Errc::not_connected.
/// Throws SystemError(Errc::unsupported) in a build without DTLS.
std::unique_ptr<Transport> make_dtls_transport(asio::any_io_executor executor, DtlsOptions options);

}  // namespace smp
