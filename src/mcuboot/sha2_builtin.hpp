// SPDX-License-Identifier: Apache-2.0
#pragma once
// FIPS 180-4 SHA-256/384/512 in plain C++ (not installed): the digests of a build with no
// platform crypto (SMP_CRYPTO=builtin, src/mcuboot/digest_builtin.cpp). The unit tests compile
// it into every build, so the same vectors check it wherever the suite runs.
#include <smp/mcuboot/sha256.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <variant>

namespace smp::mcuboot::builtin {

/// The running state of SHA-256 (Word = 32 bits) or SHA-384/512 (Word = 64 bits).
template <class Word>
struct Sha2State {
    /// 512 or 1024 bits (FIPS 180-4 §1, Figure 1).
    static constexpr std::size_t block_size = 16 * sizeof(Word);
    std::array<Word, 8> hash{};                    ///< H(i), §6.2.2 step 4 / §6.4.2 step 4
    std::array<std::uint8_t, block_size> block{};  ///< bytes not yet compressed
    std::size_t block_used = 0;
    std::uint64_t message_bytes = 0;  ///< so far; the padding writes it in bits (§5.1)
};

/// One message at a time, like Hasher, but with no allocation, no platform code and no
/// failure: update() any number of times, then finish() once; it then starts over empty.
class Sha2 {
  public:
    explicit Sha2(HashAlgorithm algorithm = HashAlgorithm::sha256) noexcept;

    HashAlgorithm algorithm() const noexcept { return algorithm_; }
    void update(ByteView bytes) noexcept;
    Bytes finish();

  private:
    HashAlgorithm algorithm_;
    std::variant<Sha2State<std::uint32_t>, Sha2State<std::uint64_t>> state_;
};

}  // namespace smp::mcuboot::builtin
