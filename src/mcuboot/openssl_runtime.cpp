// SPDX-License-Identifier: Apache-2.0
#include "mcuboot/openssl_runtime.hpp"

#include <dlfcn.h>

#include <new>

namespace smp::mcuboot::openssl_runtime {

namespace {

// OpenSSL's types are opaque to its users; only pointers to them cross the interface.
struct EvpMdCtx;
struct EvpMd;
struct Engine;

// The longest digest (SHA-512); OpenSSL's EVP_MAX_MD_SIZE is 64 for the same reason.
constexpr std::size_t max_digest_size = 64;

template <class Function>
bool resolve(void* handle, const char* name, Function*& out) noexcept {
    out = reinterpret_cast<Function*>(dlsym(handle, name));
    return out != nullptr;
}

}  // namespace

struct Library {
    EvpMdCtx* (*ctx_new)() = nullptr;
    void (*ctx_free)(EvpMdCtx*) = nullptr;
    int (*init)(EvpMdCtx*, const EvpMd*, Engine*) = nullptr;
    int (*update)(EvpMdCtx*, const void*, std::size_t) = nullptr;
    int (*final)(EvpMdCtx*, unsigned char*, unsigned int*) = nullptr;
    const EvpMd* (*sha256)() = nullptr;
    const EvpMd* (*sha384)() = nullptr;
    const EvpMd* (*sha512)() = nullptr;

    bool resolve_all(void* handle) noexcept {
        return resolve(handle, "EVP_MD_CTX_new", ctx_new) &&
               resolve(handle, "EVP_MD_CTX_free", ctx_free) &&
               resolve(handle, "EVP_DigestInit_ex", init) &&
               resolve(handle, "EVP_DigestUpdate", update) &&
               resolve(handle, "EVP_DigestFinal_ex", final) &&
               resolve(handle, "EVP_sha256", sha256) && resolve(handle, "EVP_sha384", sha384) &&
               resolve(handle, "EVP_sha512", sha512);
    }

    const EvpMd* md(HashAlgorithm algorithm) const noexcept {
        switch (algorithm) {
            case HashAlgorithm::sha384:
                return sha384();
            case HashAlgorithm::sha512:
                return sha512();
            case HashAlgorithm::sha256:
                break;
        }
        return sha256();
    }
};

namespace {

const Library* load_once() noexcept {
    // 3 first (Debian 12, Ubuntu 22.04+, RHEL 9), then 1.1 (older systems). EVP_MD_CTX_new is
    // 1.1's name; 1.0 (EVP_MD_CTX_create) is not looked for.
    for (const char* name : {"libcrypto.so.3", "libcrypto.so.1.1"}) {
        void* handle = dlopen(name, RTLD_NOW | RTLD_LOCAL);
        if (handle == nullptr)
            continue;
        static Library library;
        if (library.resolve_all(handle))
            return &library;
        dlclose(handle);
    }
    return nullptr;
}

}  // namespace

const Library* load() noexcept {
    static const Library* const loaded = load_once();
    return loaded;
}

struct Digest::State {
    const Library* library;
    HashAlgorithm algorithm;
    EvpMdCtx* ctx;

    State(const Library& loaded, HashAlgorithm digest_algorithm)
        : library(&loaded), algorithm(digest_algorithm), ctx(loaded.ctx_new()) {
        if (ctx == nullptr)
            throw std::bad_alloc();
    }
    ~State() { library->ctx_free(ctx); }
    State(const State&) = delete;
    State& operator=(const State&) = delete;

    void start() {
        if (library->init(ctx, library->md(algorithm), nullptr) != 1)
            throw std::bad_alloc();
    }
};

Digest::Digest(const Library& library, HashAlgorithm algorithm)
    : state_(std::make_unique<State>(library, algorithm)) {
    state_->start();
}

Digest::~Digest() = default;
Digest::Digest(Digest&&) noexcept = default;
Digest& Digest::operator=(Digest&&) noexcept = default;

void Digest::update(ByteView bytes) noexcept {
    // EVP_DigestUpdate only fails on a context in the wrong state, which this class prevents.
    if (!bytes.empty())
        state_->library->update(state_->ctx, bytes.data(), bytes.size());
}

Bytes Digest::finish() {
    Bytes out(max_digest_size);
    unsigned int length = 0;
    state_->library->final(state_->ctx, out.data(), &length);
    out.resize(length);
    state_->start();
    return out;
}

}  // namespace smp::mcuboot::openssl_runtime
