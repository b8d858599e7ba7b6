// SPDX-License-Identifier: Apache-2.0
// SHA-256/384/512 against the NIST example vectors (FIPS 180-4 examples: "abc", the empty
// message, the 448- and 896-bit messages, one million 'a'), for the library's Hasher, whatever
// backend SMP_CRYPTO chose, and for the in-tree FIPS 180-4 code, which tests/CMakeLists.txt
// compiles into this test in every build.
#include <smp/mcuboot/sha256.hpp>

#include "mcuboot/sha2_builtin.hpp"

#include <gtest/gtest.h>

#include <string>
#include <type_traits>
#include <vector>

namespace smp::mcuboot {
namespace {

struct Vector {
    std::string message;
    HashAlgorithm algorithm;
    std::string hex;
};

const std::string abc = "abc";
const std::string bits448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
const std::string bits896 =
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopq"
    "rsmnopqrstnopqrstu";
const std::string million_a(1'000'000, 'a');

const std::vector<Vector>& nist_vectors() {
    static const std::vector<Vector> vectors = {
        {abc, HashAlgorithm::sha256,
         "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"", HashAlgorithm::sha256,
         "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {bits448, HashAlgorithm::sha256,
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {bits896, HashAlgorithm::sha256,
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
        {million_a, HashAlgorithm::sha256,
         "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},

        {abc, HashAlgorithm::sha384,
         "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
         "8086072ba1e7cc2358baeca134c825a7"},
        {"", HashAlgorithm::sha384,
         "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da"
         "274edebfe76f65fbd51ad2f14898b95b"},
        {bits448, HashAlgorithm::sha384,
         "3391fdddfc8dc7393707a65b1b4709397cf8b1d162af05abfe8f450de5f36bc6"
         "b0455a8520bc4e6f5fe95b1fe3c8452b"},
        {bits896, HashAlgorithm::sha384,
         "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712"
         "fcc7c71a557e2db966c3e9fa91746039"},
        {million_a, HashAlgorithm::sha384,
         "9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b"
         "07b8b3dc38ecc4ebae97ddd87f3d8985"},

        {abc, HashAlgorithm::sha512,
         "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
         "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"},
        {"", HashAlgorithm::sha512,
         "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
         "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"},
        {bits448, HashAlgorithm::sha512,
         "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c335"
         "96fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445"},
        {bits896, HashAlgorithm::sha512,
         "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
         "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909"},
        {million_a, HashAlgorithm::sha512,
         "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
         "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b"},
    };
    return vectors;
}

constexpr HashAlgorithm all_algorithms[] = {HashAlgorithm::sha256, HashAlgorithm::sha384,
                                            HashAlgorithm::sha512};

/// 200 bytes that are not all alike, so a byte dropped or repeated at a split shows.
Bytes message200() {
    Bytes m(200);
    for (std::size_t i = 0; i < m.size(); ++i)
        m[i] = static_cast<std::uint8_t>(i * 37 + 11);
    return m;
}

template <class H>
Bytes one_shot(HashAlgorithm algorithm, ByteView message) {
    H hasher(algorithm);
    hasher.update(message);
    return hasher.finish();
}

/// Hasher is the backend the build chose; builtin::Sha2 the in-tree code.
template <class H>
class Sha2Digest : public testing::Test {};
struct ImplementationNames {
    template <class T>
    static std::string GetName(int) {
        return std::is_same_v<T, Hasher> ? "Hasher" : "Builtin";
    }
};
using Implementations = testing::Types<Hasher, builtin::Sha2>;
TYPED_TEST_SUITE(Sha2Digest, Implementations, ImplementationNames);

TYPED_TEST(Sha2Digest, NistVectors) {
    for (const Vector& v : nist_vectors()) {
        SCOPED_TRACE(std::string(algorithm_name(v.algorithm)) + " of " +
                     std::to_string(v.message.size()) + " bytes");
        EXPECT_EQ(to_hex(one_shot<TypeParam>(v.algorithm, as_bytes(v.message))), v.hex);
    }
}

TYPED_TEST(Sha2Digest, UpdateSplitAnywhereEqualsOneShot) {
    const Bytes message = message200();
    for (const HashAlgorithm algorithm : all_algorithms) {
        const Bytes expected = one_shot<TypeParam>(algorithm, message);
        TypeParam hasher(algorithm);
        for (std::size_t split = 0; split <= message.size(); ++split) {
            SCOPED_TRACE(std::string(algorithm_name(algorithm)) + " split at " +
                         std::to_string(split));
            hasher.update(ByteView(message).first(split));
            hasher.update(ByteView(message).subspan(split));
            EXPECT_EQ(hasher.finish(), expected);
        }
        for (const std::uint8_t byte : message)  // one byte at a time
            hasher.update(ByteView(&byte, 1));
        EXPECT_EQ(hasher.finish(), expected);
    }
}

TYPED_TEST(Sha2Digest, FinishStartsOver) {
    for (const HashAlgorithm algorithm : all_algorithms) {
        TypeParam hasher(algorithm);
        hasher.update(as_bytes("abc"));
        EXPECT_EQ(hasher.finish(), one_shot<TypeParam>(algorithm, as_bytes("abc")));
        EXPECT_EQ(hasher.finish(), one_shot<TypeParam>(algorithm, {}));
        hasher.update(as_bytes("abc"));
        EXPECT_EQ(hasher.finish(), one_shot<TypeParam>(algorithm, as_bytes("abc")));
    }
}

TYPED_TEST(Sha2Digest, MovesCarryTheMessageSoFar) {
    for (const HashAlgorithm algorithm : all_algorithms) {
        const Bytes expected = one_shot<TypeParam>(algorithm, as_bytes("abc"));

        TypeParam source(algorithm);
        source.update(as_bytes("ab"));
        TypeParam constructed(std::move(source));
        constructed.update(as_bytes("c"));
        EXPECT_EQ(constructed.finish(), expected);

        // The target's own message and algorithm give way to the source's.
        TypeParam assigned(algorithm == HashAlgorithm::sha256 ? HashAlgorithm::sha512
                                                              : HashAlgorithm::sha256);
        assigned.update(as_bytes("xyz"));
        TypeParam other(algorithm);
        other.update(as_bytes("a"));
        assigned = std::move(other);
        assigned.update(as_bytes("bc"));
        EXPECT_EQ(assigned.algorithm(), algorithm);
        EXPECT_EQ(assigned.finish(), expected);

        // A moved-from hasher takes a new one and works again.
        source = TypeParam(algorithm);
        source.update(as_bytes("abc"));
        EXPECT_EQ(source.finish(), expected);
    }
}

// The in-tree code against the build's backend (OpenSSL on Linux) at every length around the
// padding boundaries: 55/56/64 bytes for SHA-256, 111/112/128 for SHA-384/512 (§5.1).
TEST(Sha2Builtin, AgreesWithHasherUpToThreeBlocks) {
    Bytes message;
    for (std::size_t length = 0; length <= 3 * 128; ++length) {
        for (const HashAlgorithm algorithm : all_algorithms) {
            SCOPED_TRACE(std::string(algorithm_name(algorithm)) + " of " + std::to_string(length) +
                         " bytes");
            EXPECT_EQ(one_shot<builtin::Sha2>(algorithm, message),
                      one_shot<Hasher>(algorithm, message));
        }
        message.push_back(static_cast<std::uint8_t>(length * 101 + 7));
    }
}

}  // namespace
}  // namespace smp::mcuboot
