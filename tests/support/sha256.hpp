// SPDX-License-Identifier: Apache-2.0
#pragma once
// SHA-256 as the tests compare it: the digest as Bytes, computed by the library's backend.
#include <smp/mcuboot/sha256.hpp>
#include <smp/protocol/bytes.hpp>

namespace smp::test {

inline Bytes sha256(ByteView data) {
    return mcuboot::digest(mcuboot::HashAlgorithm::sha256, data);
}

}  // namespace smp::test
