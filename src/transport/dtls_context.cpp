// SPDX-License-Identifier: Apache-2.0
// The DTLS client context (see dtls_context.hpp).
#include "transport/dtls_context.hpp"

#include <smp/protocol/bytes.hpp>
#include <smp/protocol/error.hpp>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include <cstring>

namespace smp::detail {
namespace {

[[noreturn]] void fail(std::string what) {
    const auto why = openssl_errors();
    if (!why.empty())
        what.append(": ").append(why);
    throw SystemError(Error{make_error_code(Errc::invalid_argument), std::move(what)});
}

const DtlsOptions& options_of(SSL* ssl) {
    return *static_cast<const DtlsOptions*>(SSL_get_app_data(ssl));
}

unsigned int psk_callback(SSL* ssl, const char*, char* identity, unsigned int max_identity,
                          unsigned char* psk, unsigned int max_psk) {
    const auto& o = options_of(ssl);
    if (o.psk_identity.size() + 1 > max_identity || o.psk.size() > max_psk)
        return 0;
    std::memcpy(identity, o.psk_identity.c_str(), o.psk_identity.size() + 1);
    std::memcpy(psk, o.psk.data(), o.psk.size());
    return static_cast<unsigned int>(o.psk.size());
}

void load_credentials(SSL_CTX* ctx, const DtlsOptions& o) {
    if (!o.ca_file.empty() && SSL_CTX_load_verify_locations(ctx, o.ca_file.c_str(), nullptr) != 1)
        fail("cannot load the CA certificate file " + o.ca_file + " (PEM expected)");
    if (o.ca_file.empty() && o.verify && o.fingerprint.empty())
        SSL_CTX_set_default_verify_paths(ctx);
    if (o.cert_file.empty())
        return;
    if (SSL_CTX_use_certificate_chain_file(ctx, o.cert_file.c_str()) != 1)
        fail("cannot load the client certificate file " + o.cert_file + " (PEM expected)");
    if (SSL_CTX_use_PrivateKey_file(ctx, o.key_file.c_str(), SSL_FILETYPE_PEM) != 1)
        fail("cannot load the private key file " + o.key_file + " (a PEM private key expected)");
    if (SSL_CTX_check_private_key(ctx) != 1)
        fail("the private key " + o.key_file + " does not belong to the certificate " +
             o.cert_file);
}

// PSK alone: the PSK suites only (TLS-PSK-WITH-AES-128-CCM-8 and kin, what Zephyr's PSK
// credentials serve); PSK beside a certificate check: both kinds offered.
void choose_suites(SSL_CTX* ctx, const DtlsOptions& o) {
    if (o.psk.empty())
        return;
    SSL_CTX_set_psk_client_callback(ctx, psk_callback);
    const bool certificates = !o.ca_file.empty() || !o.fingerprint.empty() || !o.cert_file.empty();
    const char* list = certificates ? "PSK:DEFAULT" : "PSK";
    if (SSL_CTX_set_cipher_list(ctx, list) != 1)
        fail("no PSK cipher suite in this OpenSSL");
}

}  // namespace

std::string openssl_errors() {
    std::string text;
    while (const unsigned long e = ERR_get_error()) {
        char buffer[256];
        ERR_error_string_n(e, buffer, sizeof buffer);
        const char* reason = ERR_reason_error_string(e);
        if (!text.empty())
            text.append("; ");
        text.append(reason != nullptr ? reason : buffer);
    }
    return text;
}

SslCtxPtr make_client_context(const DtlsOptions& o) {
    ERR_clear_error();
    SslCtxPtr ctx(SSL_CTX_new(DTLS_client_method()));
    if (!ctx)
        fail("cannot create an OpenSSL DTLS context");
    SSL_CTX_set_min_proto_version(ctx.get(), DTLS1_2_VERSION);
    load_credentials(ctx.get(), o);
    choose_suites(ctx.get(), o);
    // The pinned fingerprint replaces the chain check; verify=none skips every check.
    const bool chain = o.verify && o.fingerprint.empty() && (!o.ca_file.empty() || o.psk.empty());
    SSL_CTX_set_verify(ctx.get(), chain ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, nullptr);
    return ctx;
}

SslPtr make_client_session(SSL_CTX* ctx, const DtlsOptions& o) {
    SslPtr ssl(SSL_new(ctx));
    if (!ssl)
        fail("cannot create an OpenSSL DTLS session");
    SSL_set_connect_state(ssl.get());
    SSL_set_app_data(ssl.get(), const_cast<DtlsOptions*>(&o));
    const std::string& name = o.name.empty() ? o.host : o.name;
    if (SSL_get_verify_mode(ssl.get()) != SSL_VERIFY_NONE) {
        X509_VERIFY_PARAM* param = SSL_get0_param(ssl.get());
        // An address is checked against the certificate's IP entries, a name against its DNS
        // names (and CN); X509_VERIFY_PARAM_set1_ip_asc refuses what is no address.
        if (X509_VERIFY_PARAM_set1_ip_asc(param, name.c_str()) != 1) {
            ERR_clear_error();
            SSL_set1_host(ssl.get(), name.c_str());
        }
    }
    if (!o.name.empty() || name.find_first_not_of("0123456789.:") != std::string::npos)
        SSL_set_tlsext_host_name(ssl.get(), name.c_str());
    return ssl;
}

std::string check_fingerprint(SSL* ssl, const DtlsOptions& o) {
    if (o.fingerprint.empty() || !o.verify)
        return {};
    X509* cert = SSL_get0_peer_certificate(ssl);
    if (cert == nullptr)
        return "the device sent no certificate to compare with the pinned fingerprint";
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    X509_digest(cert, EVP_sha256(), digest, &size);
    const Bytes seen(digest, digest + size);
    if (seen == o.fingerprint)
        return {};
    std::string text = "the server certificate's SHA-256 fingerprint ";
    return text.append(to_hex(seen)).append(" is not the pinned fingerprint");
}

}  // namespace smp::detail
