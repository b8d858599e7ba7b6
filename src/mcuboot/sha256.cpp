// SPDX-License-Identifier: Apache-2.0
// The parts of smp/mcuboot/sha256.hpp every crypto backend shares: names and the one-shot
// digests, on top of the Hasher of whichever src/mcuboot/digest_*.cpp the build chose.
#include <smp/mcuboot/sha256.hpp>

#include <algorithm>

namespace smp::mcuboot {

std::string_view algorithm_name(HashAlgorithm algorithm) noexcept {
    switch (algorithm) {
        case HashAlgorithm::sha256:
            return "SHA256";
        case HashAlgorithm::sha384:
            return "SHA384";
        case HashAlgorithm::sha512:
            return "SHA512";
    }
    return "?";
}

Bytes digest(HashAlgorithm algorithm, ByteView bytes) {
    Hasher hasher(algorithm);
    hasher.update(bytes);
    return hasher.finish();
}

Sha256Digest sha256(ByteView bytes) {
    const Bytes d = digest(HashAlgorithm::sha256, bytes);
    Sha256Digest out{};
    std::copy_n(d.begin(), out.size(), out.begin());
    return out;
}

}  // namespace smp::mcuboot
