// SPDX-License-Identifier: Apache-2.0
// The library's image builder, checked with the reader (imgtool checks it in
// tests/imgtool/imgtool_interop_test.cpp).
#include <smp/mcuboot/image_builder.hpp>
#include <smp/mcuboot/mcuboot_image.hpp>

#include <gtest/gtest.h>

namespace smp::mcuboot {
namespace {

TEST(ImageBuilder, DefaultImageParses) {
    const Bytes payload(200, 0x5a);
    auto bytes = build_mcuboot_image(payload, {.version = {2, 0, 1, 0}});
    ASSERT_TRUE(bytes) << bytes.error().message();
    EXPECT_EQ(bytes->size(), 32u + 200 + 4 + 4 + 32);
    auto image = parse_mcuboot_image(*bytes);
    ASSERT_TRUE(image) << image.error().message();
    EXPECT_EQ(image->version_string(), "2.0.1");
    EXPECT_EQ(image->header.img_size, 200u);
    EXPECT_EQ(image->header.protect_tlv_size, 0);
    ASSERT_EQ(image->tlvs.size(), 1u);
    const auto h = sha256(ByteView(*bytes).first(232));
    EXPECT_EQ(image->hash, Bytes(h.begin(), h.end()));
    EXPECT_FALSE(image->padded());
}

TEST(ImageBuilder, AllOptions) {
    const Bytes payload(1000, 0x11);
    ImageBuildOptions options{.version = {1, 2, 3, 4},
                              .header_size = 0x200,
                              .load_addr = 0x20000000,
                              .flags = flag_ram_load,
                              .hash = HashAlgorithm::sha512,
                              .security_counter = 42,
                              .protected_tlvs = {{0x60, Bytes{0xa0}}},
                              .tlvs = {{0x01a0, Bytes{1, 2, 3}}},
                              .slot_size = 0x2000,
                              .confirm = true};
    auto bytes = build_mcuboot_image(payload, options);
    ASSERT_TRUE(bytes) << bytes.error().message();
    EXPECT_EQ(bytes->size(), 0x2000u);
    auto image = parse_mcuboot_image(*bytes);
    ASSERT_TRUE(image) << image.error().message();
    EXPECT_EQ(image->header.hdr_size, 0x200);
    EXPECT_EQ(image->header.load_addr, 0x20000000u);
    EXPECT_EQ(image->header.flags, flag_ram_load);
    EXPECT_EQ(image->version_string(), "1.2.3.4");
    EXPECT_EQ(image->security_counter, 42u);
    EXPECT_EQ(image->header.protect_tlv_size, 4 + 8 + 5);
    EXPECT_EQ(image->hash_algorithm, HashAlgorithm::sha512);
    ASSERT_EQ(image->tlvs.size(), 4u);
    EXPECT_EQ(image->tlvs[1].name(), "BOOT_RECORD");
    EXPECT_EQ(image->tlvs[3].name(), "VENDOR");
    EXPECT_TRUE(image->padded());
    EXPECT_TRUE(image->confirmed());
    EXPECT_EQ(image->file_sha256, sha256(*bytes));
}

TEST(ImageBuilder, PaddedNotConfirmed) {
    auto bytes = build_mcuboot_image(Bytes(10, 0), {.slot_size = 4096});
    ASSERT_TRUE(bytes);
    auto image = parse_mcuboot_image(*bytes);
    ASSERT_TRUE(image);
    EXPECT_TRUE(image->padded());
    EXPECT_FALSE(image->confirmed());
}

TEST(ImageBuilder, RejectsBadOptions) {
    const Bytes payload(10, 0);
    auto small_header = build_mcuboot_image(payload, {.header_size = 31});
    ASSERT_FALSE(small_header);
    EXPECT_EQ(small_header.error().code, make_error_code(Errc::invalid_argument));
    EXPECT_FALSE(build_mcuboot_image(payload, {.confirm = true}));
    auto small_slot = build_mcuboot_image(payload, {.slot_size = 3120 + 32 + 10 + 39});
    ASSERT_FALSE(small_slot);
    EXPECT_NE(small_slot.error().detail.find("cannot hold"), std::string::npos);
    EXPECT_TRUE(build_mcuboot_image(payload, {.slot_size = 3120 + 32 + 10 + 40}));
    EXPECT_FALSE(build_mcuboot_image(payload, {.protected_tlvs = {{0x60, Bytes(65532, 0)}}}));
}

}  // namespace
}  // namespace smp::mcuboot
