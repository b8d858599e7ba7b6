// SPDX-License-Identifier: Apache-2.0
// The mbedTLS server configuration (see dtls_server_config.hpp).
#include "dtls_server_config.hpp"

#include <mbedtls/error.h>
#include <mbedtls/ssl_ciphersuites.h>

#include <stdexcept>

namespace smpsim {
namespace {

void check(int rc, const std::string& what) {
    if (rc != 0)
        throw std::runtime_error(what + ": " + mbedtls_message(rc));
}

}  // namespace

std::string mbedtls_message(int code) {
    char text[200];
    mbedtls_strerror(code, text, sizeof text);
    return std::string(text) + " (-0x" + [code] {
        char hex[16];
        std::snprintf(hex, sizeof hex, "%04x", static_cast<unsigned>(-code));
        return std::string(hex);
    }() + ")";
}

DtlsServerConfig::DtlsServerConfig(const DtlsServerOptions& options) {
    mbedtls_entropy_init(&entropy_);
    mbedtls_ctr_drbg_init(&drbg_);
    mbedtls_x509_crt_init(&cert_);
    mbedtls_x509_crt_init(&client_ca_);
    mbedtls_pk_init(&key_);
    mbedtls_ssl_cookie_init(&cookies_);
    mbedtls_ssl_config_init(&conf_);
    try {
        load(options);
    } catch (...) {
        release();
        throw;
    }
}

void DtlsServerConfig::load(const DtlsServerOptions& o) {
    static const unsigned char personal[] = "smpsim dtls";
    check(mbedtls_ctr_drbg_seed(&drbg_, mbedtls_entropy_func, &entropy_, personal, sizeof personal),
          "seeding the DTLS random generator");
    check(mbedtls_ssl_config_defaults(&conf_, MBEDTLS_SSL_IS_SERVER, MBEDTLS_SSL_TRANSPORT_DATAGRAM,
                                      MBEDTLS_SSL_PRESET_DEFAULT),
          "DTLS defaults");
    mbedtls_ssl_conf_rng(&conf_, mbedtls_ctr_drbg_random, &drbg_);
    mbedtls_ssl_conf_min_version(&conf_, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
    if (!o.cert_file.empty()) {
        check(mbedtls_x509_crt_parse_file(&cert_, o.cert_file.c_str()),
              "server certificate " + o.cert_file);
        check(mbedtls_pk_parse_keyfile(&key_, o.key_file.c_str(), nullptr),
              "server key " + o.key_file);
        check(mbedtls_ssl_conf_own_cert(&conf_, &cert_, &key_), "server certificate and key");
    }
    if (!o.client_ca_file.empty()) {
        check(mbedtls_x509_crt_parse_file(&client_ca_, o.client_ca_file.c_str()),
              "client CA " + o.client_ca_file);
        mbedtls_ssl_conf_ca_chain(&conf_, &client_ca_, nullptr);
    }
    mbedtls_ssl_conf_authmode(
        &conf_, o.require_client_cert ? MBEDTLS_SSL_VERIFY_REQUIRED : MBEDTLS_SSL_VERIFY_NONE);
    // Zephyr's smp_svr sample, DTLS configuration (issue 29): these two suites; a PSK
    // credential adds the PSK suites Zephyr's mbedTLS configuration enables.
    if (!o.cert_file.empty()) {
        suites_.push_back(MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);
        suites_.push_back(MBEDTLS_TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256);
    }
    if (!o.psk.empty()) {
        check(mbedtls_ssl_conf_psk(&conf_, o.psk.data(), o.psk.size(),
                                   reinterpret_cast<const unsigned char*>(o.psk_identity.data()),
                                   o.psk_identity.size()),
              "PSK");
        suites_.push_back(MBEDTLS_TLS_PSK_WITH_AES_128_CCM_8);
        suites_.push_back(MBEDTLS_TLS_PSK_WITH_AES_128_GCM_SHA256);
        suites_.push_back(MBEDTLS_TLS_PSK_WITH_AES_128_CBC_SHA256);
    }
    suites_.push_back(0);
    mbedtls_ssl_conf_ciphersuites(&conf_, suites_.data());
    // HelloVerifyRequest cookies (RFC 6347 4.2.1), as Zephyr's DTLS server sockets use.
    check(mbedtls_ssl_cookie_setup(&cookies_, mbedtls_ctr_drbg_random, &drbg_), "DTLS cookies");
    mbedtls_ssl_conf_dtls_cookies(&conf_, mbedtls_ssl_cookie_write, mbedtls_ssl_cookie_check,
                                  &cookies_);
}

DtlsServerConfig::~DtlsServerConfig() {
    release();
}

// The mbedTLS free functions accept an initialised, unused context, so this runs from a
// failed constructor and the destructor alike.
void DtlsServerConfig::release() {
    mbedtls_ssl_config_free(&conf_);
    mbedtls_ssl_cookie_free(&cookies_);
    mbedtls_pk_free(&key_);
    mbedtls_x509_crt_free(&client_ca_);
    mbedtls_x509_crt_free(&cert_);
    mbedtls_ctr_drbg_free(&drbg_);
    mbedtls_entropy_free(&entropy_);
}

}  // namespace smpsim
