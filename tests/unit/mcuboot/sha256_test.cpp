// SPDX-License-Identifier: Apache-2.0
// SHA-2 wrapper against FIPS 180-2 test vectors ("abc").
#include <smp/mcuboot/sha256.hpp>

#include <gtest/gtest.h>

namespace smp::mcuboot {
namespace {

TEST(Sha256, KnownVectors) {
    EXPECT_EQ(to_hex(digest(HashAlgorithm::sha256, as_bytes("abc"))),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(to_hex(digest(HashAlgorithm::sha384, as_bytes("abc"))),
              "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
              "8086072ba1e7cc2358baeca134c825a7");
    EXPECT_EQ(to_hex(digest(HashAlgorithm::sha512, as_bytes("abc"))),
              "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
              "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
    const auto empty = sha256({});
    EXPECT_EQ(to_hex(empty), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256, IncrementalEqualsOneShot) {
    Hasher hasher(HashAlgorithm::sha512);
    hasher.update(as_bytes("a"));
    hasher.update({});
    hasher.update(as_bytes("bc"));
    EXPECT_EQ(hasher.finish(), digest(HashAlgorithm::sha512, as_bytes("abc")));
    // finish() restarts.
    hasher.update(as_bytes("abc"));
    EXPECT_EQ(hasher.finish(), digest(HashAlgorithm::sha512, as_bytes("abc")));
    EXPECT_EQ(digest_size(HashAlgorithm::sha384), 48u);
    EXPECT_EQ(algorithm_name(HashAlgorithm::sha256), "SHA256");
}

}  // namespace
}  // namespace smp::mcuboot
