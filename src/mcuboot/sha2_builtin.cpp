// SPDX-License-Identifier: Apache-2.0
// FIPS 180-4 SHA-256 (§6.2) and SHA-512 (§6.4), with SHA-384 as SHA-512 under other initial
// values, truncated (§6.5). Section numbers are those of FIPS 180-4 (August 2015).
#include "mcuboot/sha2_builtin.hpp"

#include <algorithm>
#include <bit>

namespace smp::mcuboot::builtin {

namespace {

// §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
constexpr std::array<std::uint32_t, 64> k256 = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

// §4.2.3: the first 64 bits of the fractional parts of the cube roots of the first 80 primes.
constexpr std::array<std::uint64_t, 80> k512 = {
    0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc,
    0x3956c25bf348b538, 0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118,
    0xd807aa98a3030242, 0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2,
    0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235, 0xc19bf174cf692694,
    0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
    0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
    0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4,
    0xc6e00bf33da88fc2, 0xd5a79147930aa725, 0x06ca6351e003826f, 0x142929670a0e6e70,
    0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df,
    0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
    0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30,
    0xd192e819d6ef5218, 0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
    0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8,
    0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3,
    0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
    0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b,
    0xca273eceea26619c, 0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178,
    0x06f067aa72176fba, 0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
    0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c,
    0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817};

// §5.3.3: the first 32 bits of the fractional parts of the square roots of the first 8 primes.
constexpr std::array<std::uint32_t, 8> initial256 = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

// §5.3.4: the first 64 bits of the fractional parts of the square roots of the 9th to 16th primes.
constexpr std::array<std::uint64_t, 8> initial384 = {
    0xcbbb9d5dc1059ed8, 0x629a292a367cd507, 0x9159015a3070dd17, 0x152fecd8f70e5939,
    0x67332667ffc00b31, 0x8eb44a8768581511, 0xdb0c2e0d64f98fa7, 0x47b5481dbefa4fa4};

// §5.3.5: the first 64 bits of the fractional parts of the square roots of the first 8 primes.
constexpr std::array<std::uint64_t, 8> initial512 = {
    0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
    0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179};

/// What differs between the 32-bit and the 64-bit family: the round constants and the
/// rotate/shift amounts of Σ0, Σ1, σ0, σ1 (§4.1.2 equations 4.4-4.7, §4.1.3 4.10-4.13).
template <class Word>
struct Family;

template <>
struct Family<std::uint32_t> {
    static constexpr const auto& k = k256;
    static constexpr int big_sigma0[3] = {2, 13, 22};
    static constexpr int big_sigma1[3] = {6, 11, 25};
    static constexpr int small_sigma0[3] = {7, 18, 3};  // the last one a shift, not a rotation
    static constexpr int small_sigma1[3] = {17, 19, 10};
};

template <>
struct Family<std::uint64_t> {
    static constexpr const auto& k = k512;
    static constexpr int big_sigma0[3] = {28, 34, 39};
    static constexpr int big_sigma1[3] = {14, 18, 41};
    static constexpr int small_sigma0[3] = {1, 8, 7};
    static constexpr int small_sigma1[3] = {19, 61, 6};
};

template <class Word>
Word big_sigma(Word x, const int (&r)[3]) {
    return std::rotr(x, r[0]) ^ std::rotr(x, r[1]) ^ std::rotr(x, r[2]);
}

template <class Word>
Word small_sigma(Word x, const int (&r)[3]) {
    return std::rotr(x, r[0]) ^ std::rotr(x, r[1]) ^ (x >> r[2]);
}

// Ch and Maj, §4.1.2 equations 4.2 and 4.3 (the same for both word sizes).
template <class Word>
Word choose(Word x, Word y, Word z) {
    return (x & y) ^ (~x & z);
}

template <class Word>
Word majority(Word x, Word y, Word z) {
    return (x & y) ^ (x & z) ^ (y & z);
}

/// The big-endian word at `p` (§3.1 item 3: words are stored most significant byte first).
template <class Word>
Word load_big_endian(const std::uint8_t* p) {
    Word w = 0;
    for (std::size_t i = 0; i < sizeof(Word); ++i)
        w = static_cast<Word>(w << 8) | p[i];
    return w;
}

template <class Word>
void store_big_endian(Word w, std::uint8_t* p) {
    for (std::size_t i = sizeof(Word); i-- > 0; w >>= 8)
        p[i] = static_cast<std::uint8_t>(w);
}

/// One block into the hash value: §6.2.2 steps 1-4 (SHA-256), §6.4.2 (SHA-512).
template <class Word>
void compress(std::array<Word, 8>& hash, const std::uint8_t* block) {
    using F = Family<Word>;
    constexpr std::size_t rounds = F::k.size();
    std::array<Word, rounds> w;  // the message schedule, step 1
    for (std::size_t t = 0; t < 16; ++t)
        w[t] = load_big_endian<Word>(block + t * sizeof(Word));
    for (std::size_t t = 16; t < rounds; ++t)
        w[t] = small_sigma(w[t - 2], F::small_sigma1) + w[t - 7] +
               small_sigma(w[t - 15], F::small_sigma0) + w[t - 16];

    auto [a, b, c, d, e, f, g, h] = hash;       // step 2
    for (std::size_t t = 0; t < rounds; ++t) {  // step 3
        const Word t1 = h + big_sigma(e, F::big_sigma1) + choose(e, f, g) + F::k[t] + w[t];
        const Word t2 = big_sigma(a, F::big_sigma0) + majority(a, b, c);
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    const std::array<Word, 8> working = {a, b, c, d, e, f, g, h};  // step 4
    for (std::size_t i = 0; i < 8; ++i)
        hash[i] += working[i];
}

template <class Word>
void absorb(Sha2State<Word>& state, ByteView bytes) {
    constexpr std::size_t block_size = Sha2State<Word>::block_size;
    state.message_bytes += bytes.size();
    while (!bytes.empty()) {
        const std::size_t take = std::min(block_size - state.block_used, bytes.size());
        std::copy_n(bytes.begin(), take, state.block.begin() + state.block_used);
        state.block_used += take;
        bytes = bytes.subspan(take);
        if (state.block_used == block_size) {
            compress(state.hash, state.block.data());
            state.block_used = 0;
        }
    }
}

/// §5.1.1 (SHA-256) and §5.1.2 (SHA-384/512): a 1 bit, the fewest zero bits that leave room
/// for the message length, and the length in bits as a 64- or 128-bit big-endian number.
template <class Word>
void pad(Sha2State<Word>& state) {
    constexpr std::size_t block_size = Sha2State<Word>::block_size;
    constexpr std::size_t length_size = 2 * sizeof(Word);
    const std::uint64_t bytes = state.message_bytes;
    const std::size_t zeros = (2 * block_size - length_size - 1 - state.block_used) % block_size;

    std::array<std::uint8_t, 2 * block_size> tail{};
    tail[0] = 0x80;
    std::uint8_t* length = tail.data() + 1 + zeros;
    if constexpr (length_size == 16)  // the bits of a byte count that overflow 64 bits
        store_big_endian<std::uint64_t>(bytes >> 61, length);
    store_big_endian<std::uint64_t>(bytes << 3, length + length_size - 8);
    absorb(state, ByteView(tail).first(1 + zeros + length_size));
}

template <class Word>
Sha2State<Word> starting_from(const std::array<Word, 8>& initial) noexcept {
    Sha2State<Word> state;
    state.hash = initial;
    return state;
}

std::variant<Sha2State<std::uint32_t>, Sha2State<std::uint64_t>> initial_state(
    HashAlgorithm algorithm) noexcept {
    switch (algorithm) {
        case HashAlgorithm::sha256:
            break;
        case HashAlgorithm::sha384:
            return starting_from(initial384);
        case HashAlgorithm::sha512:
            return starting_from(initial512);
    }
    return starting_from(initial256);
}

}  // namespace

Sha2::Sha2(HashAlgorithm algorithm) noexcept
    : algorithm_(algorithm), state_(initial_state(algorithm)) {}

void Sha2::update(ByteView bytes) noexcept {
    std::visit([bytes](auto& state) { absorb(state, bytes); }, state_);
}

Bytes Sha2::finish() {
    // SHA-384 keeps the leftmost 384 bits of the final hash value (§6.5).
    Bytes out(digest_size(algorithm_));
    std::visit(
        [&out](auto& state) {
            pad(state);
            std::array<std::uint8_t, sizeof(state.hash)> full{};
            for (std::size_t i = 0; i < state.hash.size(); ++i)
                store_big_endian(state.hash[i], full.data() + i * sizeof(state.hash[i]));
            std::copy_n(full.begin(), out.size(), out.begin());
        },
        state_);
    state_ = initial_state(algorithm_);
    return out;
}

}  // namespace smp::mcuboot::builtin
