// SPDX-License-Identifier: Apache-2.0
// The run-time libcrypto loader (src/mcuboot/openssl_runtime.cpp, the portable Linux builds'
// SHA-2) against the Hasher of this build's own backend: equal digests of every length from 0 to
// 384 bytes for SHA-256/384/512 (over the block boundaries and the padding's edge cases), in one
// piece and in pieces, and the object reusable after finish(). Linux only (dlopen).
#include <smp/mcuboot/sha256.hpp>

#include "mcuboot/openssl_runtime.hpp"

#include <gtest/gtest.h>

namespace smp::mcuboot {
namespace {

Bytes pattern(std::size_t size) {
    Bytes bytes(size);
    for (std::size_t i = 0; i < size; ++i)
        bytes[i] = static_cast<std::uint8_t>(i * 131 + 7);
    return bytes;
}

Bytes hasher_digest(HashAlgorithm algorithm, ByteView bytes) {
    Hasher hasher(algorithm);
    hasher.update(bytes);
    return hasher.finish();
}

// The CI machines have libcrypto 3 (libssl-dev's dependency), so a failure to load is a bug.
TEST(OpensslRuntime, LoadsThisSystemsLibcrypto) {
    EXPECT_NE(openssl_runtime::load(), nullptr);
    EXPECT_EQ(openssl_runtime::load(), openssl_runtime::load());  // loaded once
}

TEST(OpensslRuntime, AgreesWithTheLinkedBackendAtEveryLength) {
    const auto* library = openssl_runtime::load();
    ASSERT_NE(library, nullptr);
    const Bytes data = pattern(384);
    for (auto algorithm : {HashAlgorithm::sha256, HashAlgorithm::sha384, HashAlgorithm::sha512}) {
        openssl_runtime::Digest digest(*library, algorithm);
        for (std::size_t size = 0; size <= data.size(); ++size) {
            const ByteView message(data.data(), size);
            digest.update(message);  // the same object each time: finish() starts it over
            ASSERT_EQ(digest.finish(), hasher_digest(algorithm, message))
                << "algorithm " << static_cast<int>(algorithm) << ", " << size << " bytes";
        }
    }
}

TEST(OpensslRuntime, PiecesGiveTheDigestOfTheWhole) {
    const auto* library = openssl_runtime::load();
    ASSERT_NE(library, nullptr);
    const Bytes data = pattern(1000);
    openssl_runtime::Digest digest(*library, HashAlgorithm::sha256);
    for (std::size_t offset = 0; offset < data.size(); offset += 97)
        digest.update(
            ByteView(data).subspan(offset, std::min<std::size_t>(97, data.size() - offset)));
    EXPECT_EQ(digest.finish(), hasher_digest(HashAlgorithm::sha256, data));
    // The well-known digest of nothing, after a finish() that reset the object.
    EXPECT_EQ(digest.finish(), hasher_digest(HashAlgorithm::sha256, {}));
}

}  // namespace
}  // namespace smp::mcuboot
