// SPDX-License-Identifier: Apache-2.0
#pragma once
// The OpenSSL client context of a DTLS transport: credentials, suites and checks from
// DtlsOptions; errors name the file and OpenSSL's reason.
#include <smp/transport/dtls.hpp>

#include <openssl/ssl.h>

#include <memory>
#include <string>

namespace smp::detail {

struct SslCtxFree {
    void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};
struct SslFree {
    void operator()(SSL* ssl) const { SSL_free(ssl); }
};
using SslCtxPtr = std::unique_ptr<SSL_CTX, SslCtxFree>;
using SslPtr = std::unique_ptr<SSL, SslFree>;

/// OpenSSL's reasons queued on this thread, joined, and the queue cleared ("" when none).
std::string openssl_errors();

/// A DTLS 1.2 client context for `options`. Throws SystemError(Errc::invalid_argument) when a
/// file does not load or the key does not match the certificate.
SslCtxPtr make_client_context(const DtlsOptions& options);

/// A session on `ctx` for `options` (expected name, PSK). Throws as make_client_context.
SslPtr make_client_session(SSL_CTX* ctx, const DtlsOptions& options);

/// Empty when the server certificate is accepted, else why not (fingerprint pinned and
/// different). Call after the handshake.
std::string check_fingerprint(SSL* ssl, const DtlsOptions& options);

}  // namespace smp::detail
