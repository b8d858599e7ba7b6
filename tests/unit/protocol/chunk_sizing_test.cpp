// SPDX-License-Identifier: Apache-2.0
#include <smp/protocol/upload/chunk_sizing.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

smp::image::Upload first_image_chunk() {
    // shared/protocol.md §6.1's first chunk: image 0, len >= 65536, sha 32 bytes, upgrade false.
    return {.image = 0, .len = 100000, .off = 0, .sha = smp::Bytes(32, 0xab), .upgrade = false};
}
smp::image::Upload next_image_chunk(std::uint64_t off) {
    return {.off = off};
}

template <class M>
void expect_exact(const M& request, std::size_t budget, std::size_t alignment = 1) {
    const auto n = smp::upload::max_chunk_data(request, budget, alignment);
    ASSERT_TRUE(n) << "budget " << budget << ": " << n.error().message();
    EXPECT_EQ(*n % alignment, 0u);
    EXPECT_LE(smp::upload::encoded_request_size(request, *n), budget) << "budget " << budget;
    // The next aligned size must not fit.
    EXPECT_GT(smp::upload::encoded_request_size(request, *n + alignment), budget)
        << "budget " << budget;
}

TEST(ChunkSizing, ProtocolDocumentNumbers) {
    // shared/protocol.md §6.1 (definite-length maps, offsets needing 5 bytes).
    const auto first = first_image_chunk();
    const auto next = next_image_chunk(100000);
    EXPECT_EQ(smp::upload::max_chunk_data(first, 380).value(), 295u);  // Zephyr serial, NETBUF 384
    EXPECT_EQ(smp::upload::max_chunk_data(next, 380).value(), 354u);
    EXPECT_EQ(smp::upload::max_chunk_data(first, 384).value(), 299u);
    EXPECT_EQ(smp::upload::max_chunk_data(next, 384).value(), 358u);
    EXPECT_EQ(smp::upload::max_chunk_data(first, 244).value(), 160u);  // BLE ATT_MTU 247
    EXPECT_EQ(smp::upload::max_chunk_data(next, 244).value(), 219u);
    EXPECT_EQ(smp::upload::max_chunk_data(first, 2048).value(), 1963u);  // UDP NETBUF 2048
    EXPECT_EQ(smp::upload::max_chunk_data(next, 2048).value(), 2022u);
}

TEST(ChunkSizing, LargerOffsetsLeaveLessRoomForData) {
    // An offset costs 1, 2, 3, 5 or 9 bytes of CBOR.
    const std::size_t budget = 380;
    const auto at = [&](std::uint64_t off) {
        return smp::upload::max_chunk_data(next_image_chunk(off), budget).value();
    };
    EXPECT_EQ(at(23), at(24) + 1);
    EXPECT_EQ(at(255), at(256) + 1);
    EXPECT_EQ(at(65535), at(65536) + 2);
    EXPECT_EQ(at(0xffffffffu), at(0x100000000u) + 4);
}

// Every budget from 64 bytes to 64 KiB: the result fits and one more byte does not. The
// requests cover the image first chunk, image and file continuation chunks at offsets of every
// CBOR width, and a file first chunk with a name.
TEST(ChunkSizing, ExactForEveryBudgetFrom64To64KiB) {
    const smp::fs::FileUpload file_first{.off = 0, .name = "/lfs/some/file.bin", .len = 300000};
    const smp::fs::FileUpload file_next{.off = 70000, .name = "/lfs/some/file.bin"};
    for (std::size_t budget = 64; budget <= 65536; ++budget) {
        // Dense where the data's bstr head changes width (24, 256, 65536), sampled elsewhere
        // to keep the sweep to a few seconds in a debug build.
        const bool dense = budget < 4096 || budget % 97 == 0 || (budget > 65400);
        if (!dense)
            continue;
        const std::uint64_t off = budget % 5 == 0 ? 10 : budget % 5 == 1 ? 300 : 1u << 20;
        if (budget >= 128)
            expect_exact(first_image_chunk(), budget);
        expect_exact(next_image_chunk(off), budget);
        expect_exact(file_first, budget);
        expect_exact(file_next, budget);
        if (HasFailure())
            return;
    }
}

TEST(ChunkSizing, AlignmentRoundsDownAndStaysExact) {
    for (std::size_t budget : {100, 380, 1020, 2044, 4096}) {
        for (std::size_t alignment : {4, 8, 16, 512}) {
            const auto n = smp::upload::max_chunk_data(next_image_chunk(4096), budget, alignment);
            if (!n) {
                EXPECT_LT(smp::upload::max_chunk_data(next_image_chunk(4096), budget).value(),
                          alignment);
                continue;
            }
            expect_exact(next_image_chunk(4096), budget, alignment);
        }
    }
}

TEST(ChunkSizing, IgnoresTheRequestsOwnData) {
    auto with_data = next_image_chunk(1000);
    with_data.data.assign(5000, 1);
    EXPECT_EQ(smp::upload::max_chunk_data(with_data, 380).value(),
              smp::upload::max_chunk_data(next_image_chunk(1000), 380).value());
}

TEST(ChunkSizing, ErrorsWhenNothingUsefulFits) {
    const auto zero_alignment = smp::upload::max_chunk_data(next_image_chunk(1), 380, 0);
    ASSERT_FALSE(zero_alignment);
    EXPECT_EQ(zero_alignment.error().code, smp::Errc::invalid_argument);

    const auto tiny = smp::upload::max_chunk_data(next_image_chunk(1), 20);
    ASSERT_FALSE(tiny);
    EXPECT_EQ(tiny.error().code, smp::Errc::message_too_large);

    // A first image chunk must carry at least 32 bytes (Zephyr img_mgmt err 22).
    const std::size_t just_too_small = smp::upload::encoded_request_size(first_image_chunk(), 31);
    EXPECT_FALSE(smp::upload::max_chunk_data(first_image_chunk(), just_too_small));
    EXPECT_EQ(smp::upload::max_chunk_data(first_image_chunk(), just_too_small + 1).value(), 32u);
}

}  // namespace
