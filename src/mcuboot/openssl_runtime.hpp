// SPDX-License-Identifier: Apache-2.0
// OpenSSL's libcrypto, loaded at run time (dlopen) rather than linked: for the portable Linux
// builds (the release tarball and manylinux wheel, SMP_CRYPTO=openssl-runtime), which may name no
// library beyond glibc but should hash at OpenSSL's speed (SHA-NI/AVX2: 1.7 GB/s here against
// the in-tree code's 0.28 GB/s; hashing is most of the client's work per uploaded byte). Only
// the EVP digest calls, whose C interface is the same in OpenSSL 1.1 and 3.x.
#pragma once
#include <smp/mcuboot/sha256.hpp>

#include <cstddef>
#include <memory>

namespace smp::mcuboot::openssl_runtime {

/// The loaded library's digest functions; nullptr from load() where no libcrypto is found.
struct Library;

/// libcrypto.so.3, else libcrypto.so.1.1, loaded once per process (never unloaded); nullptr
/// when neither loads or lacks a function used here.
const Library* load() noexcept;

/// One digest computation over a loaded library.
class Digest {
  public:
    /// Throws std::bad_alloc when libcrypto cannot make the context.
    Digest(const Library& library, HashAlgorithm algorithm);
    ~Digest();
    Digest(Digest&&) noexcept;
    Digest& operator=(Digest&&) noexcept;

    void update(ByteView bytes) noexcept;
    /// The digest; the object starts over (a new computation of the same algorithm).
    Bytes finish();

  private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace smp::mcuboot::openssl_runtime
