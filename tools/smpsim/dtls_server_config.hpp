// SPDX-License-Identifier: Apache-2.0
#pragma once
// The mbedTLS server configuration of smpsim --dtls: what a Zephyr device registers under
// CONFIG_MCUMGR_TRANSPORT_UDP_DTLS_TLS_TAG with tls_credential_add (server certificate and key,
// a CA for client certificates, a PSK), and the cipher suites of Zephyr's smp_svr sample.
#include "dtls_options.hpp"

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/pk.h>
#include <mbedtls/ssl.h>
#include <mbedtls/ssl_cookie.h>
#include <mbedtls/x509_crt.h>

#include <string>
#include <vector>

namespace smpsim {

/// mbedTLS's message for an error code ("X509 - ..."), with the code.
std::string mbedtls_message(int code);

/// The shared server configuration; throws std::runtime_error naming the file and the reason.
class DtlsServerConfig {
  public:
    explicit DtlsServerConfig(const DtlsServerOptions& options);
    ~DtlsServerConfig();
    DtlsServerConfig(const DtlsServerConfig&) = delete;
    DtlsServerConfig& operator=(const DtlsServerConfig&) = delete;
    const mbedtls_ssl_config* get() const { return &conf_; }

  private:
    void load(const DtlsServerOptions& options);
    void release();
    mbedtls_entropy_context entropy_{};
    mbedtls_ctr_drbg_context drbg_{};
    mbedtls_x509_crt cert_{};
    mbedtls_x509_crt client_ca_{};
    mbedtls_pk_context key_{};
    mbedtls_ssl_cookie_ctx cookies_{};
    mbedtls_ssl_config conf_{};
    std::vector<int> suites_{};
};

}  // namespace smpsim
