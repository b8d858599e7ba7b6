// SPDX-License-Identifier: Apache-2.0
#pragma once
// SHA-2 digests for image hashes (MCUboot SHA256/SHA384/SHA512 TLVs) and the upload `sha`
// (SHA-256 of the whole file, shared/protocol.md §6). The platform's crypto stays behind this
// header (OpenSSL, BCrypt or CommonCrypto; in-tree code where there is none: SMP_CRYPTO).
#include <smp/protocol/bytes.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

namespace smp::mcuboot {

/// The SHA-2 variants MCUboot uses for image hashes (its SHA256/SHA384/SHA512 TLVs).
enum class HashAlgorithm : std::uint8_t { sha256, sha384, sha512 };

/// Digest length in bytes: 32, 48 or 64.
constexpr std::size_t digest_size(HashAlgorithm algorithm) noexcept {
    switch (algorithm) {
        case HashAlgorithm::sha256:
            return 32;
        case HashAlgorithm::sha384:
            return 48;
        case HashAlgorithm::sha512:
            return 64;
    }
    return 0;
}
/// "SHA256", "SHA384", "SHA512".
std::string_view algorithm_name(HashAlgorithm algorithm) noexcept;

/// A SHA-256 digest (32 bytes).
using Sha256Digest = std::array<std::uint8_t, 32>;

/// Incremental hashing: update() any number of times, then finish() once.
/// Errors: std::bad_alloc if the platform's crypto cannot allocate or set up its context
/// (never on input bytes).
/// Thread safety: one object per thread; distinct objects are independent.
class Hasher {
  public:
    /// Starts an empty hash with `algorithm`.
    explicit Hasher(HashAlgorithm algorithm = HashAlgorithm::sha256);
    ~Hasher();
    /// Takes over other's state; other must not be used again except to assign or destroy it.
    Hasher(Hasher&& other) noexcept;
    /// Takes over other's state, dropping this one's.
    Hasher& operator=(Hasher&& other) noexcept;
    Hasher(const Hasher&) = delete;
    Hasher& operator=(const Hasher&) = delete;

    /// The algorithm given at construction.
    HashAlgorithm algorithm() const noexcept { return algorithm_; }
    /// Adds `bytes` to the data being hashed.
    void update(ByteView bytes);
    /// The digest of everything passed to update(); the hasher then starts over empty.
    Bytes finish();

  private:
    struct Context;
    HashAlgorithm algorithm_ = HashAlgorithm::sha256;
    std::unique_ptr<Context> context_{};
};

/// One-shot digest of `bytes` with `algorithm`.
Bytes digest(HashAlgorithm algorithm, ByteView bytes);
/// One-shot SHA-256 of `bytes`.
Sha256Digest sha256(ByteView bytes);

}  // namespace smp::mcuboot
