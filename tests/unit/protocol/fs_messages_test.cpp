// SPDX-License-Identifier: Apache-2.0
#include <smp/protocol/cbor.hpp>
#include <smp/protocol/messages/fs.hpp>

#include <gtest/gtest.h>

namespace {

using smp::Bytes;
using smp::cbor::Value;
namespace fs = smp::fs;

template <class M>
void expect_round_trip(const M& m) {
    auto back = smp::decode_payload<M>(smp::encode_payload(m));
    ASSERT_TRUE(back) << back.error().message();
    EXPECT_EQ(*back, m);
}

TEST(FsMessages, RequestsKnowTheirIds) {
    static_assert(fs::FileStatus::command == 1 && fs::FileStatus::op == smp::Op::read);
    static_assert(fs::FileHash::command == 2 && fs::FileHash::op == smp::Op::read);
    static_assert(fs::SupportedHashes::command == 3 && fs::SupportedHashes::op == smp::Op::read);
    static_assert(fs::FileClose::command == 4 && fs::FileClose::op == smp::Op::write);
    EXPECT_EQ(smp::to_underlying(fs::FileClose::group), 8);
}

TEST(FsMessages, FileStatusRequestFrame) {
    // v2 read, length 13, group 8, seq 0x20, command 1, {"name": "/lfs/a"}.
    const Bytes expected{0x08, 0x00, 0x00, 0x0d, 0x00, 0x08, 0x20, 0x01, 0xa1, 0x64, 'n',
                         'a',  'm',  'e',  0x66, '/',  'l',  'f',  's',  '/',  'a'};
    EXPECT_EQ(smp::encode_request(fs::FileStatus{.name = "/lfs/a"}, 0x20), expected);
}

TEST(FsMessages, HashOutputAsCrc32Integer) {
    // Zephyr fs_mgmt.c: {"type": "crc32", "len": 11, "output": 0x0d4a1185} (indefinite map).
    const Bytes payload{0xbf, 0x64, 't',  'y', 'p',  'e',  0x65, 'c',  'r',  'c',
                        '3',  '2',  0x63, 'l', 'e',  'n',  0x0b, 0x66, 'o',  'u',
                        't',  'p',  'u',  't', 0x1a, 0x0d, 0x4a, 0x11, 0x85, 0xff};
    auto r = smp::decode_response<fs::FileHashResponse>(payload);
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->type, "crc32");
    EXPECT_EQ(r->len, 11u);
    EXPECT_FALSE(r->off);
    ASSERT_TRUE(std::holds_alternative<std::uint64_t>(r->output));
    EXPECT_EQ(std::get<std::uint64_t>(r->output), 0x0d4a1185u);
    // and back to the same bytes (definite-length form)
    auto value = smp::cbor::decode(smp::encode_payload(*r));
    ASSERT_TRUE(value);
    EXPECT_EQ(smp::cbor::encode_indefinite(*value), payload);
}

TEST(FsMessages, HashOutputAsSha256Bytes) {
    Value v{{"type", "sha256"},
            {"off", 4},
            {"len", 100},
            {"output", smp::cbor::bytes(Bytes(32, 0xee))}};
    auto r = smp::decode_response<fs::FileHashResponse>(smp::cbor::encode_indefinite(v));
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->type, "sha256");
    EXPECT_EQ(r->off, 4u);
    ASSERT_TRUE(std::holds_alternative<Bytes>(r->output));
    EXPECT_EQ(std::get<Bytes>(r->output), Bytes(32, 0xee));
    EXPECT_EQ(smp::cbor::encode(v), smp::encode_payload(*r));
}

TEST(FsMessages, HashOutputOfAnotherTypeIsRejected) {
    Value v{{"type", "crc32"}, {"len", 1}, {"output", "deadbeef"}};
    auto r = smp::decode_response<fs::FileHashResponse>(smp::cbor::encode(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, smp::Errc::decode_error);
    EXPECT_NE(r.error().detail.find("'output'"), std::string::npos) << r.error().detail;
}

TEST(FsMessages, MissingRequiredKeyIsNamed) {
    Value v{{"type", "crc32"}, {"output", 5}};
    auto r = smp::decode_response<fs::FileHashResponse>(smp::cbor::encode(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, smp::Errc::decode_error);
    EXPECT_NE(r.error().detail.find("'len'"), std::string::npos) << r.error().detail;

    auto s = smp::decode_payload<fs::FileStatus>(smp::cbor::encode(Value::object()));
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().detail.find("'name'"), std::string::npos) << s.error().detail;
}

TEST(FsMessages, WrongTypedKeyIsNamed) {
    Value v{{"len", "12"}};
    auto r = smp::decode_response<fs::FileStatusResponse>(smp::cbor::encode(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, smp::Errc::decode_error);
    EXPECT_NE(r.error().detail.find("'len'"), std::string::npos) << r.error().detail;

    Value types{{"types", Value{{"crc32", Value{{"format", 0}, {"size", -4}}}}}};
    auto t = smp::decode_response<fs::SupportedHashesResponse>(smp::cbor::encode(types));
    ASSERT_FALSE(t);
    EXPECT_NE(t.error().detail.find("crc32.size"), std::string::npos) << t.error().detail;
}

TEST(FsMessages, SupportedHashesAsZephyrSendsThem) {
    Value v{{"types", Value{{"crc32", Value{{"format", 0}, {"size", 4}}},
                            {"sha256", Value{{"format", 1}, {"size", 32}}}}}};
    auto r = smp::decode_response<fs::SupportedHashesResponse>(smp::cbor::encode_indefinite(v));
    ASSERT_TRUE(r) << r.error().message();
    ASSERT_EQ(r->types.size(), 2u);
    EXPECT_EQ(r->types.at("crc32"), (fs::HashType{.format = fs::HashFormat::integer, .size = 4}));
    EXPECT_EQ(r->types.at("sha256"),
              (fs::HashType{.format = fs::HashFormat::byte_string, .size = 32}));
}

TEST(FsMessages, V2GroupErrorsDecodeToFsErrors) {
    auto r = smp::decode_response<fs::FileStatusResponse>(smp::encode_group_error_payload(8, 3));
    ASSERT_FALSE(r);
    ASSERT_TRUE(r.error().device);
    EXPECT_EQ(r.error().code, smp::FsError::file_not_found);

    // Upload offset mismatch: the error map also carries the expected offset as "len".
    const auto payload =
        smp::with_unsigned_field(smp::encode_group_error_payload(8, 11), "len", 100);
    auto u = smp::decode_response<fs::FileUploadResponse>(payload);
    ASSERT_FALSE(u);
    EXPECT_EQ(u.error().code, smp::FsError::file_offset_not_valid);

    auto h = smp::decode_response<fs::FileHashResponse>(smp::encode_group_error_payload(8, 13));
    ASSERT_FALSE(h);
    EXPECT_EQ(h.error().code, smp::FsError::checksum_hash_not_found);
}

TEST(FsMessages, UnknownKeysAreKept) {
    Value v{{"len", 12}, {"rc", 0}, {"mtime", 99}};
    auto r = smp::decode_response<fs::FileStatusResponse>(smp::cbor::encode(v));
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->len, 12u);
    const auto extra = smp::cbor::to_value(r->extra);
    EXPECT_EQ(extra["mtime"], 99);
    EXPECT_EQ(extra["rc"], 0);
    expect_round_trip(*r);
}

TEST(FsMessages, EveryMessageRoundTrips) {
    expect_round_trip(fs::FileStatus{.name = "/lfs/x"});
    expect_round_trip(fs::FileStatusResponse{.len = 1234});
    expect_round_trip(fs::FileHash{.name = "/a"});
    expect_round_trip(fs::FileHash{.name = "/a", .type = "sha256", .off = 10, .len = 20});
    expect_round_trip(fs::FileHashResponse{.type = "crc32", .len = 5, .output = std::uint64_t{7}});
    expect_round_trip(
        fs::FileHashResponse{.type = "sha256", .off = 3, .len = 5, .output = Bytes(32, 9)});
    expect_round_trip(fs::SupportedHashes{});
    expect_round_trip(fs::SupportedHashesResponse{});
    expect_round_trip(fs::SupportedHashesResponse{.types = {{"crc32", {.format = 0, .size = 4}}}});
    expect_round_trip(fs::FileClose{});
    expect_round_trip(fs::FileCloseResponse{});
    expect_round_trip(fs::FileUpload{.off = 0, .data = Bytes{1, 2}, .name = "/f", .len = 2});
    expect_round_trip(fs::FileUpload{.off = 2, .data = Bytes{3}, .name = "/f"});
    expect_round_trip(fs::FileUploadResponse{.off = 3});
    expect_round_trip(fs::FileDownload{.off = 0, .name = "/f"});
    expect_round_trip(fs::FileDownloadResponse{.off = 0, .data = Bytes{1}, .len = 1});
    expect_round_trip(fs::FileDownloadResponse{.off = 1, .data = {}});
}

}  // namespace
