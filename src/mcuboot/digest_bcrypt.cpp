// SPDX-License-Identifier: Apache-2.0
// Hasher over Windows CNG, bcrypt.dll (SMP_CRYPTO=bcrypt, the default on Windows). Needs
// Windows 8 or later for BCRYPT_HASH_REUSABLE_FLAG.
#include <smp/mcuboot/sha256.hpp>

#include "mcuboot/detail.hpp"

#ifndef NOMINMAX
#define NOMINMAX  // <windows.h> would otherwise define min and max as macros
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
// <bcrypt.h> needs the types of <windows.h>: keep it second.
#include <bcrypt.h>

#include <algorithm>
#include <limits>
#include <new>

namespace smp::mcuboot {

namespace {

bool succeeded(NTSTATUS status) noexcept {
    return status >= 0;
}  // NT_SUCCESS

BCRYPT_ALG_HANDLE open_provider(LPCWSTR algorithm_id) {
    BCRYPT_ALG_HANDLE handle = nullptr;
    if (!succeeded(BCryptOpenAlgorithmProvider(&handle, algorithm_id, nullptr, 0)))
        throw std::bad_alloc();
    return handle;
}

/// Opened once per process and never closed: opening a provider is the costly step, and
/// Microsoft's BCryptOpenAlgorithmProvider documentation asks callers to cache the handle. A
/// failed open throws out of the static's initialisation, so the next Hasher tries again.
BCRYPT_ALG_HANDLE provider(HashAlgorithm algorithm) {
    switch (algorithm) {
        case HashAlgorithm::sha256:
            break;
        case HashAlgorithm::sha384: {
            static const BCRYPT_ALG_HANDLE sha384 = open_provider(BCRYPT_SHA384_ALGORITHM);
            return sha384;
        }
        case HashAlgorithm::sha512: {
            static const BCRYPT_ALG_HANDLE sha512 = open_provider(BCRYPT_SHA512_ALGORITHM);
            return sha512;
        }
    }
    static const BCRYPT_ALG_HANDLE sha256 = open_provider(BCRYPT_SHA256_ALGORITHM);
    return sha256;
}

}  // namespace

struct Hasher::Context {
    BCRYPT_HASH_HANDLE hash = nullptr;

    Context() = default;
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;
    ~Context() {
        if (hash)
            BCryptDestroyHash(hash);
    }
};

Hasher::Hasher(HashAlgorithm algorithm)
    : algorithm_(algorithm), context_(std::make_unique<Context>()) {
    // No hash object buffer: the provider allocates and frees it (Windows 7 and later).
    // Reusable: BCryptFinishHash leaves the object as BCryptCreateHash made it.
    if (!succeeded(BCryptCreateHash(provider(algorithm_), &context_->hash, nullptr, 0, nullptr, 0,
                                    BCRYPT_HASH_REUSABLE_FLAG)))
        throw std::bad_alloc();
}

Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&& other) noexcept = default;
Hasher& Hasher::operator=(Hasher&& other) noexcept = default;

void Hasher::update(ByteView bytes) {
    // BCryptHashData takes a 32-bit length, and a non-const pointer although it only reads.
    // It fails only on a bad handle or parameter, which this class prevents.
    detail::in_pieces<ULONG>(bytes, [this](const std::uint8_t* data, ULONG n) {
        BCryptHashData(context_->hash, const_cast<PUCHAR>(data), n, 0);
    });
}

Bytes Hasher::finish() {
    Bytes out(digest_size(algorithm_));
    BCryptFinishHash(context_->hash, out.data(), static_cast<ULONG>(out.size()), 0);
    return out;
}

}  // namespace smp::mcuboot
