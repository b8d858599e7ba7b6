// SPDX-License-Identifier: Apache-2.0
// Hasher over Apple's CommonCrypto (SMP_CRYPTO=commoncrypto, the default on macOS). It is part
// of libSystem: nothing to link. Its SHA-2 functions are not deprecated (only MD2/MD4/MD5/SHA1
// are), and they always return 1.
#include <smp/mcuboot/sha256.hpp>

#include "mcuboot/detail.hpp"

#include <CommonCrypto/CommonDigest.h>

#include <algorithm>
#include <limits>

namespace smp::mcuboot {

// One context type per word size: SHA-384 runs in a CC_SHA512_CTX (FIPS 180-4 §6.5).
struct Hasher::Context {
    CC_SHA256_CTX sha256{};
    CC_SHA512_CTX sha512{};

    void start(HashAlgorithm algorithm) noexcept {
        switch (algorithm) {
            case HashAlgorithm::sha256:
                CC_SHA256_Init(&sha256);
                return;
            case HashAlgorithm::sha384:
                CC_SHA384_Init(&sha512);
                return;
            case HashAlgorithm::sha512:
                CC_SHA512_Init(&sha512);
                return;
        }
    }

    void absorb(HashAlgorithm algorithm, const void* data, CC_LONG size) noexcept {
        switch (algorithm) {
            case HashAlgorithm::sha256:
                CC_SHA256_Update(&sha256, data, size);
                return;
            case HashAlgorithm::sha384:
                CC_SHA384_Update(&sha512, data, size);
                return;
            case HashAlgorithm::sha512:
                CC_SHA512_Update(&sha512, data, size);
                return;
        }
    }

    void write_digest(HashAlgorithm algorithm, unsigned char* out) noexcept {
        switch (algorithm) {
            case HashAlgorithm::sha256:
                CC_SHA256_Final(out, &sha256);
                return;
            case HashAlgorithm::sha384:
                CC_SHA384_Final(out, &sha512);
                return;
            case HashAlgorithm::sha512:
                CC_SHA512_Final(out, &sha512);
                return;
        }
    }
};

Hasher::Hasher(HashAlgorithm algorithm)
    : algorithm_(algorithm), context_(std::make_unique<Context>()) {
    context_->start(algorithm_);
}

Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&& other) noexcept = default;
Hasher& Hasher::operator=(Hasher&& other) noexcept = default;

void Hasher::update(ByteView bytes) {
    // CC_LONG is 32 bits: feed larger inputs in pieces.
    detail::in_pieces<CC_LONG>(bytes, [this](const std::uint8_t* data, CC_LONG n) {
        context_->absorb(algorithm_, data, n);
    });
}

Bytes Hasher::finish() {
    Bytes out(digest_size(algorithm_));
    context_->write_digest(algorithm_, out.data());
    context_->start(algorithm_);
    return out;
}

}  // namespace smp::mcuboot
