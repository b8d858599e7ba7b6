// SPDX-License-Identifier: Apache-2.0
// Hasher over the in-tree FIPS 180-4 code (SMP_CRYPTO=builtin): for a build with no platform
// crypto. It cannot fail, so the only exception left is make_unique's std::bad_alloc.
#include <smp/mcuboot/sha256.hpp>

#include "mcuboot/sha2_builtin.hpp"

namespace smp::mcuboot {

struct Hasher::Context {
    builtin::Sha2 sha2;
};

Hasher::Hasher(HashAlgorithm algorithm)
    : algorithm_(algorithm),
      context_(std::make_unique<Context>(Context{builtin::Sha2(algorithm)})) {}

Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&& other) noexcept = default;
Hasher& Hasher::operator=(Hasher&& other) noexcept = default;

void Hasher::update(ByteView bytes) {
    context_->sha2.update(bytes);
}

Bytes Hasher::finish() {
    return context_->sha2.finish();
}

}  // namespace smp::mcuboot
