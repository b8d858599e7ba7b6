// SPDX-License-Identifier: Apache-2.0
// MCUboot image reader against images written by tests/support/mcuboot_fixture.hpp.
#include <smp/mcuboot/mcuboot_image.hpp>
#include <smp/mcuboot/sha256.hpp>

#include "support/mcuboot_fixture.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>

namespace smp::mcuboot {
namespace {

using test::RawImage;
using test::RawTlv;

Bytes le32(std::uint32_t v) {
    Bytes b;
    RawImage::le32(b, v);
    return b;
}

// Parses and expects Errc::bad_image whose detail contains `needle`.
void expect_bad(const Bytes& bytes, const std::string& needle) {
    auto result = parse_mcuboot_image(bytes);
    ASSERT_FALSE(result) << "expected an error containing: " << needle;
    EXPECT_EQ(result.error().code, make_error_code(Errc::bad_image));
    EXPECT_NE(result.error().detail.find(needle), std::string::npos)
        << "detail: " << result.error().detail;
}

TEST(McubootImage, ParsesMinimalImage) {
    RawImage raw;
    raw.load_addr = 0x1000;
    raw.flags = flag_non_bootable | flag_pic;
    const Bytes bytes = raw.serialize();
    auto image = parse_mcuboot_image(bytes);
    ASSERT_TRUE(image) << image.error().message();
    EXPECT_EQ(image->header.magic, image_magic);
    EXPECT_EQ(image->header.load_addr, 0x1000u);
    EXPECT_EQ(image->header.hdr_size, 32);
    EXPECT_EQ(image->header.protect_tlv_size, 0);
    EXPECT_EQ(image->header.img_size, 100u);
    EXPECT_EQ(image->header.flags, 0x11u);
    EXPECT_EQ(flag_names(image->header.flags), (std::vector<std::string>{"PIC", "NON_BOOTABLE"}));
    EXPECT_EQ(image->header.version, (ImageVersion{1, 2, 3, 0}));
    EXPECT_EQ(image->version_string(), "1.2.3");
    ASSERT_EQ(image->tlvs.size(), 1u);
    EXPECT_EQ(image->tlvs[0].name(), "SHA256");
    EXPECT_EQ(image->tlvs[0].offset, raw.tlv_offset() + 4);
    EXPECT_EQ(image->tlv_total, 4 + 4 + 32);
    EXPECT_EQ(image->hash_algorithm, HashAlgorithm::sha256);
    const auto expected = sha256(ByteView(bytes).first(raw.tlv_offset()));
    EXPECT_EQ(image->hash, Bytes(expected.begin(), expected.end()));
    EXPECT_EQ(image->file_sha256, sha256(bytes));
    EXPECT_NE(Bytes(image->file_sha256.begin(), image->file_sha256.end()), image->hash);
    EXPECT_EQ(image->image_end, bytes.size());
    EXPECT_EQ(image->file_size, bytes.size());
    EXPECT_FALSE(image->padded());
    EXPECT_FALSE(image->security_counter);
    EXPECT_TRUE(image->signatures().empty());
}

TEST(McubootImage, VersionStringAddsBuildOnlyWhenNonZero) {
    EXPECT_EQ((ImageVersion{1, 2, 3, 4}).to_string(), "1.2.3.4");
    EXPECT_EQ((ImageVersion{255, 255, 65535, 0}).to_string(), "255.255.65535");
    RawImage raw;
    raw.build = 0x01020304;
    auto image = parse_mcuboot_image(raw.serialize());
    ASSERT_TRUE(image);
    EXPECT_EQ(image->version_string(), "1.2.3.16909060");
}

TEST(McubootImage, ProtectedTlvsAreHashedAndReported) {
    RawImage raw;
    raw.hdr_size = 0x200;
    raw.protected_tlvs = {{0x50, le32(7)}, {0x60, Bytes{0xa1, 0x01, 0x02}}};
    raw.tlvs = {{0x22, Bytes(71, 0x30)}, {0x01, Bytes(32, 0xaa)}};
    const Bytes bytes = raw.serialize();
    auto image = parse_mcuboot_image(bytes);
    ASSERT_TRUE(image) << image.error().message();
    EXPECT_EQ(image->header.protect_tlv_size, 4 + 8 + 7);
    EXPECT_EQ(image->protected_tlv_total, 4 + 8 + 7);
    ASSERT_EQ(image->tlvs.size(), 5u);
    EXPECT_TRUE(image->tlvs[0].in_protected_area);
    EXPECT_EQ(image->tlvs[1].name(), "BOOT_RECORD");
    EXPECT_FALSE(image->tlvs[2].in_protected_area);
    EXPECT_EQ(image->security_counter, 7u);
    EXPECT_EQ(image->signatures(), (std::vector<std::string_view>{"ECDSA_SIG"}));
    const auto expected = sha256(ByteView(bytes).first(raw.tlv_offset()));
    EXPECT_EQ(image->hash, Bytes(expected.begin(), expected.end()));
    ASSERT_NE(image->find(0x01), nullptr);
    EXPECT_EQ(image->find(0x01)->value, Bytes(32, 0xaa));
}

TEST(McubootImage, Sha512HashTlv) {
    RawImage raw;
    raw.add_sha256 = false;
    Bytes prefix = raw.serialize();
    prefix.resize(raw.tlv_offset());
    raw.tlvs = {{0x12, digest(HashAlgorithm::sha512, prefix)}};
    auto image = parse_mcuboot_image(raw.serialize());
    ASSERT_TRUE(image) << image.error().message();
    EXPECT_EQ(image->hash_algorithm, HashAlgorithm::sha512);
    EXPECT_EQ(image->hash.size(), 64u);

    raw.tlvs[0].value[5] ^= 1;
    expect_bad(raw.serialize(), "SHA512 mismatch");
}

TEST(McubootImage, AcceptsTrailingPaddingWithoutTrailer) {
    RawImage raw;
    Bytes bytes = raw.serialize();
    const std::size_t end = bytes.size();
    bytes.resize(end + 4096, 0xff);
    auto image = parse_mcuboot_image(bytes);
    ASSERT_TRUE(image);
    EXPECT_EQ(image->image_end, end);
    EXPECT_EQ(image->file_size, end + 4096);
    EXPECT_FALSE(image->padded());
    EXPECT_EQ(image->file_sha256, sha256(bytes));
}

constexpr std::array<std::uint8_t, 16> boot_magic = {
    0x77, 0xc2, 0x95, 0xf3, 0x60, 0xd2, 0xef, 0x7f, 0x35, 0x52, 0x50, 0x0f, 0x2c, 0xb6, 0x79, 0x80};

TEST(McubootImage, DetectsPaddedAndConfirmedTrailer) {
    Bytes bytes = RawImage{}.serialize();
    bytes.resize(8192, 0xff);
    std::copy(boot_magic.begin(), boot_magic.end(), bytes.end() - 16);
    auto padded = parse_mcuboot_image(bytes);
    ASSERT_TRUE(padded);
    ASSERT_TRUE(padded->padded());
    EXPECT_FALSE(padded->confirmed());
    EXPECT_EQ(padded->trailer->max_align, 8u);
    EXPECT_EQ(padded->trailer->magic_offset, 8192u - 16);

    bytes[8192 - 24] = 0x01;  // image_ok, one 8-byte unit before the magic
    auto confirmed = parse_mcuboot_image(bytes);
    ASSERT_TRUE(confirmed);
    EXPECT_TRUE(confirmed->confirmed());
}

TEST(McubootImage, DetectsTrailerForLargerMaxAlign) {
    Bytes bytes = RawImage{}.serialize();
    bytes.resize(8192, 0xff);
    const std::array<std::uint8_t, 16> magic32 = {0x20, 0x00, 0x2d, 0xe1, 0x5d, 0x29, 0x41, 0x0b,
                                                  0x8d, 0x77, 0x67, 0x9c, 0x11, 0x0f, 0x1f, 0x8a};
    std::copy(magic32.begin(), magic32.end(), bytes.end() - 16);
    bytes[8192 - 64] = 0x01;  // align_up(16, 32) + 32 bytes from the end
    auto image = parse_mcuboot_image(bytes);
    ASSERT_TRUE(image);
    ASSERT_TRUE(image->trailer);
    EXPECT_EQ(image->trailer->max_align, 32u);
    EXPECT_TRUE(image->confirmed());
}

TEST(McubootImage, RejectsShortHeader) {
    expect_bad({}, "truncated header: 0 bytes");
    Bytes bytes = RawImage{}.serialize();
    bytes.resize(31);
    expect_bad(bytes, "truncated header: 31 bytes");
}

TEST(McubootImage, RejectsWrongMagic) {
    RawImage raw;
    raw.magic = 0x12345678;
    expect_bad(raw.serialize(), "bad image magic 0x12345678 at offset 0x0");
    raw.magic = 0x96f3b83c;
    expect_bad(raw.serialize(), "legacy image magic");
    raw.magic = 0x3db8f396;
    expect_bad(raw.serialize(), "big-endian");
}

TEST(McubootImage, RejectsHeaderSizeBelow32) {
    Bytes bytes = RawImage{}.serialize();
    bytes[8] = 16;
    expect_bad(bytes, "hdr_size 0x10 at offset 0x8");
}

TEST(McubootImage, RejectsTruncatedBody) {
    RawImage raw;
    raw.img_size = 5000;
    expect_bad(raw.serialize(), "truncated body: hdr_size + img_size = 0x13a8");
    raw.img_size = 0xffffffff;  // must not wrap around
    expect_bad(raw.serialize(), "truncated body");
    Bytes bytes = RawImage{}.serialize();
    bytes.resize(50);
    expect_bad(bytes, "truncated body");
}

TEST(McubootImage, RejectsMissingOrTruncatedTlvInfo) {
    RawImage raw;
    Bytes bytes = raw.serialize();
    bytes.resize(raw.body_end());
    expect_bad(bytes, "truncated TLV info at offset 0x84");
    bytes = raw.serialize();
    bytes.resize(raw.body_end() + 3);
    expect_bad(bytes, "truncated TLV info at offset 0x84");
}

TEST(McubootImage, RejectsWrongTlvMagic) {
    RawImage raw;
    raw.tlv_magic = 0x6906;
    expect_bad(raw.serialize(), "bad TLV info magic 0x6906 at offset 0x84 (expected 0x6907)");
}

TEST(McubootImage, RejectsInconsistentTlvTot) {
    RawImage raw;
    raw.tlv_tot = 2;
    expect_bad(raw.serialize(), "TLV tlv_tot 0x2 at offset 0x86 is smaller");
    raw.tlv_tot = 41;  // one byte more than the file holds
    expect_bad(raw.serialize(), "TLV area [0x84, 0xad) overruns the file of 0xac bytes");
    raw.tlv_tot = 39;  // ends inside the SHA256 value
    expect_bad(raw.serialize(), "overruns the TLV area ending at 0xab");
}

TEST(McubootImage, RejectsTruncatedTlvHeaderInsideArea) {
    RawImage raw;
    raw.tlv_tot = 40 + 2;
    Bytes bytes = raw.serialize();
    bytes.push_back(0x10);
    bytes.push_back(0x00);
    expect_bad(bytes, "truncated TLV header at offset 0xac");
}

TEST(McubootImage, RejectsBrokenProtectedArea) {
    RawImage raw;
    raw.protected_tlvs = {{0x50, le32(1)}};
    raw.protected_tlv_magic = 0x6907;
    expect_bad(raw.serialize(), "bad protected TLV info magic 0x6907 at offset 0x84");

    raw = RawImage{};
    raw.protected_tlvs = {{0x50, le32(1)}};
    raw.protected_tlv_tot = 11;
    raw.protect_tlv_size = 11;
    expect_bad(raw.serialize(), "overruns the protected TLV area");

    raw.protected_tlv_tot = 16;
    raw.protect_tlv_size = 12;
    expect_bad(raw.serialize(),
               "protected TLV tlv_tot 0x10 at offset 0x86 differs from the "
               "header's protect_tlv_size 0xc");

    raw = RawImage{};
    raw.protected_tlvs = {{0x50, le32(1)}};
    raw.protect_tlv_size = 0;  // area present, header does not admit it
    expect_bad(raw.serialize(), "differs from the header's protect_tlv_size 0x0");

    raw.protect_tlv_size = 0x4000;
    raw.protected_tlv_tot = 0x4000;
    expect_bad(raw.serialize(), "protected TLV area [0x84, 0x4084) overruns");
}

TEST(McubootImage, RejectsMissingHashTlv) {
    RawImage raw;
    raw.add_sha256 = false;
    raw.tlvs = {{0x22, Bytes(8, 1)}};
    expect_bad(raw.serialize(), "no SHA256, SHA384 or SHA512 hash TLV");
}

TEST(McubootImage, RejectsHashMismatch) {
    RawImage raw;
    Bytes bytes = raw.serialize();
    bytes[40] ^= 0x01;  // in the body
    expect_bad(bytes, "SHA256 mismatch: TLV at offset 0x88");
    bytes = raw.serialize();
    bytes[20] ^= 0x01;  // version is hashed too
    expect_bad(bytes, "SHA256 mismatch");
}

TEST(McubootImage, RejectsProtectedTlvChangedAfterHashing) {
    RawImage raw;
    raw.protected_tlvs = {{0x50, le32(1)}};
    Bytes bytes = raw.serialize();
    bytes[raw.body_end() + 8] = 2;  // security counter value
    expect_bad(bytes, "SHA256 mismatch");
}

TEST(McubootImage, RejectsBadHashTlvs) {
    RawImage raw;
    raw.add_sha256 = false;
    raw.tlvs = {{0x10, Bytes(31, 0)}};
    expect_bad(raw.serialize(), "SHA256 TLV at offset 0x88 has length 0x1f, expected 0x20");

    RawImage twice;
    twice.tlvs = {{0x10, Bytes(32, 0)}};
    expect_bad(twice.serialize(), "several SHA256 TLVs (second at offset 0xac)");
}

TEST(McubootImage, RejectsBadSecurityCounterLength) {
    RawImage raw;
    raw.protected_tlvs = {{0x50, Bytes{1, 0}}};
    expect_bad(raw.serialize(), "SEC_CNT TLV at offset 0x88 has length 0x2, expected 0x4");
}

TEST(McubootImage, EveryTruncationIsABadImage) {
    RawImage raw;
    raw.protected_tlvs = {{0x50, le32(3)}};
    raw.tlvs = {{0x22, Bytes(20, 5)}};
    const Bytes bytes = raw.serialize();
    for (std::size_t n = 0; n < bytes.size(); ++n) {
        auto result = parse_mcuboot_image(ByteView(bytes).first(n));
        ASSERT_FALSE(result) << "prefix of " << n << " bytes accepted";
        EXPECT_EQ(result.error().code, make_error_code(Errc::bad_image));
    }
    EXPECT_TRUE(parse_mcuboot_image(bytes));
}

TEST(McubootImage, TlvTypeNames) {
    EXPECT_EQ(tlv_type_name(0x10), "SHA256");
    EXPECT_EQ(tlv_type_name(0x20), "RSA2048_PSS");
    EXPECT_EQ(tlv_type_name(0x22), "ECDSA_SIG");
    EXPECT_EQ(tlv_type_name(0x50), "SEC_CNT");
    EXPECT_EQ(tlv_type_name(0x75), "UUID_CID");
    EXPECT_EQ(tlv_type_name(0x01a0), "VENDOR");
    EXPECT_EQ(tlv_type_name(0x99), "UNKNOWN");
    EXPECT_TRUE(is_signature_tlv(0x24));
    EXPECT_FALSE(is_signature_tlv(0x10));
    EXPECT_EQ(flag_names(0x80000001), (std::vector<std::string>{"PIC", "0x80000000"}));
}

}  // namespace
}  // namespace smp::mcuboot
