// SPDX-License-Identifier: Apache-2.0
// Hasher over OpenSSL's EVP digests (SMP_CRYPTO=openssl, the default on Linux).
#include <smp/mcuboot/sha256.hpp>

#include <openssl/evp.h>

#include <new>

namespace smp::mcuboot {

namespace {

const EVP_MD* evp_md(HashAlgorithm algorithm) noexcept {
    switch (algorithm) {
        case HashAlgorithm::sha256:
            return EVP_sha256();
        case HashAlgorithm::sha384:
            return EVP_sha384();
        case HashAlgorithm::sha512:
            return EVP_sha512();
    }
    return EVP_sha256();
}

}  // namespace

struct Hasher::Context {
    struct Free {
        void operator()(EVP_MD_CTX* p) const noexcept { EVP_MD_CTX_free(p); }
    };
    std::unique_ptr<EVP_MD_CTX, Free> ctx{};
};

Hasher::Hasher(HashAlgorithm algorithm)
    : algorithm_(algorithm), context_(std::make_unique<Context>()) {
    context_->ctx.reset(EVP_MD_CTX_new());
    if (!context_->ctx || EVP_DigestInit_ex(context_->ctx.get(), evp_md(algorithm_), nullptr) != 1)
        throw std::bad_alloc();
}

Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&& other) noexcept = default;
Hasher& Hasher::operator=(Hasher&& other) noexcept = default;

void Hasher::update(ByteView bytes) {
    // EVP_DigestUpdate only fails on a context in the wrong state, which this class prevents.
    if (!bytes.empty())
        EVP_DigestUpdate(context_->ctx.get(), bytes.data(), bytes.size());
}

Bytes Hasher::finish() {
    Bytes out(EVP_MAX_MD_SIZE);
    unsigned int length = 0;
    EVP_DigestFinal_ex(context_->ctx.get(), out.data(), &length);
    out.resize(length);
    EVP_DigestInit_ex(context_->ctx.get(), evp_md(algorithm_), nullptr);
    return out;
}

}  // namespace smp::mcuboot
