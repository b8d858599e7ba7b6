// SPDX-License-Identifier: Apache-2.0
// Hasher over OpenSSL's libcrypto loaded at run time where the system has it, else over the
// in-tree FIPS 180-4 code (SMP_CRYPTO=openssl-runtime: the portable Linux builds, which link
// no library beyond glibc). The choice is made once per process (openssl_runtime::load).
#include <smp/mcuboot/sha256.hpp>

#include "mcuboot/openssl_runtime.hpp"
#include "mcuboot/sha2_builtin.hpp"

#include <variant>

namespace smp::mcuboot {

struct Hasher::Context {
    std::variant<openssl_runtime::Digest, builtin::Sha2> digest;
};

Hasher::Hasher(HashAlgorithm algorithm) : algorithm_(algorithm) {
    if (const auto* library = openssl_runtime::load())
        context_ = std::make_unique<Context>(Context{openssl_runtime::Digest(*library, algorithm)});
    else
        context_ = std::make_unique<Context>(Context{builtin::Sha2(algorithm)});
}

Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&& other) noexcept = default;
Hasher& Hasher::operator=(Hasher&& other) noexcept = default;

void Hasher::update(ByteView bytes) {
    std::visit([bytes](auto& digest) { digest.update(bytes); }, context_->digest);
}

Bytes Hasher::finish() {
    return std::visit([](auto& digest) { return digest.finish(); }, context_->digest);
}

}  // namespace smp::mcuboot
