// SPDX-License-Identifier: Apache-2.0
// Intel HEX reader: record types 00-05, gaps, ordering and every malformed-input error.
#include <smp/mcuboot/intel_hex.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace smp::mcuboot {
namespace {

// One record with a correct checksum: ":LLAAAATT<data>CC".
std::string record(std::uint8_t type, std::uint16_t address, const Bytes& data) {
    std::string line = ":";
    Bytes all = {static_cast<std::uint8_t>(data.size()), static_cast<std::uint8_t>(address >> 8),
                 static_cast<std::uint8_t>(address), type};
    all.insert(all.end(), data.begin(), data.end());
    std::uint8_t sum = 0;
    for (auto b : all)
        sum = static_cast<std::uint8_t>(sum + b);
    all.push_back(static_cast<std::uint8_t>(-sum));
    char buf[3];
    for (auto b : all) {
        std::snprintf(buf, sizeof buf, "%02X", b);
        line += buf;
    }
    return line + "\n";
}
const std::string eof = ":00000001FF\n";

void expect_bad(const std::string& text, const std::string& needle) {
    auto result = parse_intel_hex(text);
    ASSERT_FALSE(result) << "expected an error containing: " << needle;
    EXPECT_EQ(result.error().code, make_error_code(Errc::bad_hex));
    EXPECT_NE(result.error().detail.find(needle), std::string::npos)
        << "detail: " << result.error().detail;
}

TEST(IntelHex, ParsesWikipediaExample) {
    // The classic example record from the format's description, plus EOF.
    const std::string text = ":10010000214601360121470136007EFE09D2190140\r\n:00000001FF\r\n";
    auto hex = parse_intel_hex(text);
    ASSERT_TRUE(hex) << hex.error().message();
    EXPECT_EQ(hex->base_address, 0x100u);
    EXPECT_EQ(to_hex(hex->data), "214601360121470136007efe09d21901");
}

TEST(IntelHex, ExtendedLinearAddressAndGapFill) {
    const std::string text = record(4, 0, {0x10, 0x00}) + record(0, 0x0000, {1, 2, 3}) +
                             record(0, 0x0005, {4}) + record(5, 0, {0x10, 0x00, 0x01, 0x23}) + eof;
    auto hex = parse_intel_hex(text);
    ASSERT_TRUE(hex) << hex.error().message();
    EXPECT_EQ(hex->base_address, 0x10000000u);
    EXPECT_EQ(hex->data, (Bytes{1, 2, 3, 0xff, 0xff, 4}));
    EXPECT_EQ(hex->start_linear_address, 0x10000123u);
    EXPECT_FALSE(hex->start_segment_address);
}

TEST(IntelHex, ExtendedSegmentAddressAndOutOfOrderRecords) {
    const std::string text = record(2, 0, {0x12, 0x00}) + record(0, 0x0010, {9, 9}) +
                             record(0, 0x0008, {7}) + record(3, 0, {0x12, 0x00, 0x00, 0x10}) + eof;
    auto hex = parse_intel_hex(text);
    ASSERT_TRUE(hex) << hex.error().message();
    EXPECT_EQ(hex->base_address, 0x12008u);
    EXPECT_EQ(hex->data, (Bytes{7, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 9, 9}));
    EXPECT_EQ(hex->start_segment_address, 0x12000010u);
}

TEST(IntelHex, DataAcrossA64KiBoundaryUsesNewBase) {
    const std::string text =
        record(0, 0xfffe, {1, 2}) + record(4, 0, {0x00, 0x01}) + record(0, 0x0000, {3}) + eof;
    auto hex = parse_intel_hex(text);
    ASSERT_TRUE(hex) << hex.error().message();
    EXPECT_EQ(hex->base_address, 0xfffeu);
    EXPECT_EQ(hex->data, (Bytes{1, 2, 3}));
}

TEST(IntelHex, LowerCaseDigitsAndBlankLines) {
    auto hex = parse_intel_hex("\n:0100000041be\n\n:00000001ff\n\n");
    ASSERT_TRUE(hex) << hex.error().message();
    EXPECT_EQ(hex->data, (Bytes{0x41}));
}

TEST(IntelHex, RejectsBadChecksum) {
    expect_bad(":0100000041BF\n" + eof, "line 1: bad checksum 0xbf (expected 0xbe)");
}

TEST(IntelHex, RejectsBadHexDigit) {
    expect_bad(record(0, 0, {1}) + ":01000000G1BE\n" + eof, "line 2: bad hex digit at column 10");
}

TEST(IntelHex, RejectsMissingColon) {
    expect_bad("0100000041BE\n" + eof, "line 1: record does not start with ':'");
}

TEST(IntelHex, RejectsWrongRecordLength) {
    expect_bad(":0200000041BE\n" + eof, "line 1: byte count 0x2 does not match the record's 1");
    expect_bad(":0100000041BE0\n" + eof, "line 1: odd number of hex digits");
    expect_bad(":0000\n" + eof, "line 1: record shorter");
    expect_bad(record(4, 0, {1}) + eof, "line 1: record type 0x4 needs 2 data bytes, has 1");
    expect_bad(record(5, 0, {1, 2}) + eof, "record type 0x5 needs 4");
    expect_bad(record(2, 0, {1, 2, 3}) + eof, "record type 0x2 needs 2");
    expect_bad(record(3, 0, {}) + eof, "record type 0x3 needs 4");
}

TEST(IntelHex, RejectsUnknownRecordType) {
    expect_bad(record(6, 0, {}) + eof, "line 1: unknown record type 0x6");
}

TEST(IntelHex, RejectsMissingEof) {
    expect_bad(record(0, 0, {1, 2}), "line 1: missing EOF record");
    expect_bad("", "missing EOF record");
}

TEST(IntelHex, RejectsContentAfterEof) {
    expect_bad(record(0, 0, {1}) + eof + record(0, 1, {2}), "line 3: content after the EOF");
}

TEST(IntelHex, RejectsOverlappingData) {
    expect_bad(record(0, 0x10, {1, 2, 3, 4}) + record(0, 0x13, {5}) + eof,
               "line 2: data at 0x13 overlaps line 1 (0x10..0x13)");
    expect_bad(record(0, 0x13, {5}) + record(0, 0x10, {1, 2, 3, 4}) + eof, "overlaps");
}

TEST(IntelHex, RejectsNoData) {
    expect_bad(eof, "no data records");
}

TEST(IntelHex, RejectsHugeGapsAndDataBeyond4GiB) {
    const std::string far = record(0, 0, {1}) + record(4, 0, {0x40, 0x00}) + record(0, 0, {2});
    auto result = parse_intel_hex(far + eof);
    ASSERT_FALSE(result);
    EXPECT_NE(result.error().detail.find("spans 0x40000001 bytes"), std::string::npos);
    auto small = parse_intel_hex(record(0, 0, {1}) + record(0, 100, {2}) + eof,
                                 HexOptions{.max_image_size = 100});
    ASSERT_FALSE(small);
    EXPECT_TRUE(parse_intel_hex(record(0, 0, {1}) + record(0, 99, {2}) + eof,
                                HexOptions{.max_image_size = 100}));
    expect_bad(record(4, 0, {0xff, 0xff}) + record(0, 0xffff, {1, 2}) + eof,
               "line 2: data at 0xffffffff extends beyond 4 GiB");
}

TEST(IntelHex, LooksLikeIntelHex) {
    EXPECT_TRUE(looks_like_intel_hex(as_bytes("\r\n  :00000001FF")));
    EXPECT_FALSE(looks_like_intel_hex(as_bytes("=\xb8\xf3\x96")));
    EXPECT_FALSE(looks_like_intel_hex({}));
}

}  // namespace
}  // namespace smp::mcuboot
