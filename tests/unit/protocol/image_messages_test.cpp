// SPDX-License-Identifier: Apache-2.0
#include <smp/protocol/cbor.hpp>
#include <smp/protocol/messages/image.hpp>

#include <gtest/gtest.h>

#include <string_view>

namespace {

using smp::Bytes;
namespace image = smp::image;

template <class M>
void expect_round_trip(const M& m) {
    auto back = smp::decode_payload<M>(smp::encode_payload(m));
    ASSERT_TRUE(back) << back.error().message();
    EXPECT_EQ(*back, m);
}

// Hand-written CBOR pieces (RFC 8949): short text strings and byte strings.
void text(Bytes& out, std::string_view s) {
    out.push_back(static_cast<std::uint8_t>(0x60 + s.size()));  // all keys here are < 24
    out.insert(out.end(), s.begin(), s.end());
}
void bytes32(Bytes& out, std::uint8_t fill) {
    out.push_back(0x58);
    out.push_back(0x20);
    out.insert(out.end(), 32, fill);
}
void flag(Bytes& out, std::string_view key, bool value) {
    text(out, key);
    out.push_back(value ? 0xf5 : 0xf4);
}

// Zephyr's default (non-frugal) image list: indefinite maps and arrays, every flag present,
// keys in img_mgmt_state.c order, splitStatus 0. Slot 0 runs confirmed, slot 1 is pending test.
Bytes zephyr_state_list() {
    Bytes b{0xbf};
    text(b, "images");
    b.push_back(0x9f);
    b.push_back(0xbf);
    text(b, "slot");
    b.push_back(0x00);
    text(b, "version");
    text(b, "1.2.3");
    text(b, "hash");
    bytes32(b, 0x11);
    flag(b, "bootable", true);
    flag(b, "pending", false);
    flag(b, "confirmed", true);
    flag(b, "active", true);
    flag(b, "permanent", false);
    b.push_back(0xff);
    b.push_back(0xbf);
    text(b, "slot");
    b.push_back(0x01);
    text(b, "version");
    text(b, "1.3.0.7");
    text(b, "hash");
    bytes32(b, 0x22);
    flag(b, "bootable", true);
    flag(b, "pending", true);
    flag(b, "confirmed", false);
    flag(b, "active", false);
    flag(b, "permanent", false);
    b.push_back(0xff);
    b.push_back(0xff);
    text(b, "splitStatus");
    b.push_back(0x00);
    b.push_back(0xff);
    return b;
}

image::StateResponse expected_state() {
    image::StateResponse r;
    r.images.push_back({.slot = 0,
                        .version = "1.2.3",
                        .hash = Bytes(32, 0x11),
                        .bootable = true,
                        .confirmed = true,
                        .active = true});
    r.images.push_back({.slot = 1,
                        .version = "1.3.0.7",
                        .hash = Bytes(32, 0x22),
                        .bootable = true,
                        .pending = true});
    r.split_status = 0;
    return r;
}

TEST(ImageMessages, RequestsKnowTheirIds) {
    static_assert(image::StateRead::command == 0 && image::StateRead::op == smp::Op::read);
    static_assert(image::StateWrite::command == 0 && image::StateWrite::op == smp::Op::write);
    static_assert(image::Erase::command == 5 && image::Erase::op == smp::Op::write);
    static_assert(image::SlotInfo::command == 6 && image::SlotInfo::op == smp::Op::read);
    static_assert(std::is_same_v<image::StateWrite::Response, image::StateResponse>);
    EXPECT_EQ(smp::to_underlying(image::SlotInfo::group), 1);
}

TEST(ImageMessages, DecodesZephyrsDefaultImageList) {
    auto r = smp::decode_response<image::StateResponse>(zephyr_state_list());
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(*r, expected_state());
}

TEST(ImageMessages, EncodesTheImageListWithZephyrsKeysAndOrder) {
    // Same bytes as Zephyr once re-emitted with indefinite lengths.
    auto value = smp::cbor::decode(smp::encode_payload(expected_state()));
    ASSERT_TRUE(value);
    EXPECT_EQ(smp::cbor::encode_indefinite(*value), zephyr_state_list());
}

TEST(ImageMessages, DecodesMcubootFrugalListWithFlagsOnlyWhenTrue) {
    // MCUboot boot_serial.c, two images: {"images":[{"image":0,"slot":0,"active":true,
    // "confirmed":true,"hash":h,"version":"2.0.0"},{"image":1,"slot":0,"hash":h,
    // "version":"0.1.0"}]}, no splitStatus.
    Bytes b{0xbf};
    text(b, "images");
    b.push_back(0x9f);
    b.push_back(0xbf);
    text(b, "image");
    b.push_back(0x00);
    text(b, "slot");
    b.push_back(0x00);
    flag(b, "active", true);
    flag(b, "confirmed", true);
    text(b, "hash");
    bytes32(b, 0xab);
    text(b, "version");
    text(b, "2.0.0");
    b.push_back(0xff);
    b.push_back(0xbf);
    text(b, "image");
    b.push_back(0x01);
    text(b, "slot");
    b.push_back(0x00);
    text(b, "hash");
    bytes32(b, 0xcd);
    text(b, "version");
    text(b, "0.1.0");
    b.push_back(0xff);
    b.push_back(0xff);
    b.push_back(0xff);

    auto r = smp::decode_response<image::StateResponse>(b);
    ASSERT_TRUE(r) << r.error().message();
    ASSERT_EQ(r->images.size(), 2u);
    EXPECT_EQ(r->images[0], (image::ImageSlotState{.image = 0,
                                                   .slot = 0,
                                                   .version = "2.0.0",
                                                   .hash = Bytes(32, 0xab),
                                                   .confirmed = true,
                                                   .active = true}));
    EXPECT_EQ(r->images[1],
              (image::ImageSlotState{
                  .image = 1, .slot = 0, .version = "0.1.0", .hash = Bytes(32, 0xcd)}));
    EXPECT_FALSE(r->images[1].bootable);
    EXPECT_FALSE(r->split_status);
}

TEST(ImageMessages, McubootRcZeroBesideTheListIsSuccess) {
    smp::cbor::Value v{{"rc", 0}, {"images", smp::cbor::Value::array()}};
    auto r = smp::decode_response<image::StateResponse>(smp::cbor::encode_indefinite(v));
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_TRUE(r->images.empty());
    EXPECT_EQ(smp::cbor::to_value(r->extra)["rc"], 0);
}

TEST(ImageMessages, StateWriteIsEncodedWithBinaryHash) {
    const auto payload =
        smp::encode_payload(image::StateWrite{.hash = Bytes(32, 0x5a), .confirm = true});
    Bytes expected{0xa2};
    text(expected, "hash");
    bytes32(expected, 0x5a);
    flag(expected, "confirm", true);
    EXPECT_EQ(payload, expected);
}

TEST(ImageMessages, EraseRequestFrame) {
    // v2 write (0x0a), length 7, group 1, seq 3, command 5, payload {"slot": 1}.
    const Bytes expected{0x0a, 0x00, 0x00, 0x07, 0x00, 0x01, 0x03, 0x05,
                         0xa1, 0x64, 's',  'l',  'o',  't',  0x01};
    EXPECT_EQ(smp::encode_request(image::Erase{.slot = 1}, 3), expected);
    // No slot: an empty map, never an empty payload.
    EXPECT_EQ(smp::encode_payload(image::Erase{}), Bytes{0xa0});
    EXPECT_EQ(smp::encode_payload(image::StateRead{}), Bytes{0xa0});
}

TEST(ImageMessages, V2GroupErrorsDecodeToImageErrors) {
    auto r = smp::decode_response<image::EraseResponse>(smp::encode_group_error_payload(1, 9));
    ASSERT_FALSE(r);
    ASSERT_TRUE(r.error().device);
    EXPECT_EQ(r.error().device->group, 1);
    EXPECT_EQ(r.error().code, smp::ImageError::no_free_slot);

    auto s = smp::decode_response<image::StateResponse>(smp::encode_group_error_payload(1, 8));
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, smp::ImageError::hash_not_found);
}

TEST(ImageMessages, UnknownKeysAreKeptAtEveryLevel) {
    smp::cbor::Value slot{{"slot", 0}, {"version", "1.0.0"}, {"future", 7}};
    smp::cbor::Value v{{"images", smp::cbor::Value::array({slot})}, {"note", "x"}};
    auto r = smp::decode_response<image::StateResponse>(smp::cbor::encode(v));
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(smp::cbor::to_value(r->extra)["note"], "x");
    ASSERT_EQ(r->images.size(), 1u);
    EXPECT_EQ(smp::cbor::to_value(r->images[0].extra)["future"], 7);
    expect_round_trip(*r);
}

TEST(ImageMessages, MissingRequiredKeyIsNamed) {
    smp::cbor::Value slot{{"slot", 0}};
    smp::cbor::Value v{{"images", smp::cbor::Value::array({slot})}};
    auto r = smp::decode_response<image::StateResponse>(smp::cbor::encode(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, smp::Errc::decode_error);
    // The whole path, each level joined by '.' (describe.hpp nest_where): key, index, member.
    EXPECT_NE(r.error().detail.find("key 'images.[0].version'"), std::string::npos)
        << r.error().detail;

    auto s = smp::decode_response<image::SlotInfoResponse>(
        smp::cbor::encode(smp::cbor::Value::object()));
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().detail.find("'images'"), std::string::npos) << s.error().detail;
}

TEST(ImageMessages, WrongTypedKeyIsNamed) {
    // hash as text (what the old docs say) instead of bytes.
    smp::cbor::Value v{{"hash", "abcd"}, {"confirm", false}};
    auto r = smp::decode_payload<image::StateWrite>(smp::cbor::encode(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, smp::Errc::decode_error);
    EXPECT_NE(r.error().detail.find("'hash'"), std::string::npos) << r.error().detail;

    smp::cbor::Value slot{{"slot", 0}, {"version", "1.0.0"}, {"active", 1}};
    smp::cbor::Value list{{"images", smp::cbor::Value::array({slot})}};
    auto s = smp::decode_response<image::StateResponse>(smp::cbor::encode(list));
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().detail.find("key 'images.[0].active'"), std::string::npos)
        << s.error().detail;
}

TEST(ImageMessages, SlotInfoDecodesWithAndWithoutOptionalKeys) {
    using smp::cbor::Value;
    Value slots = Value::array({Value{{"slot", 0}, {"size", 0x20000}},
                                Value{{"slot", 1}, {"size", 0x20000}, {"upload_image_id", 1}}});
    Value v{
        {"images", Value::array({Value{{"image", 0}, {"slots", slots}, {"max_image_size", 0x1f000}},
                                 Value{{"image", 1}, {"slots", Value::array()}}})}};
    auto r = smp::decode_response<image::SlotInfoResponse>(smp::cbor::encode_indefinite(v));
    ASSERT_TRUE(r) << r.error().message();
    ASSERT_EQ(r->images.size(), 2u);
    const image::SlotInfoImage first{
        .image = 0,
        .slots = {{.slot = 0, .size = 0x20000}, {.slot = 1, .size = 0x20000, .upload_image_id = 1}},
        .max_image_size = 0x1f000};
    EXPECT_EQ(r->images[0], first);
    EXPECT_EQ(r->images[1], (image::SlotInfoImage{.image = 1}));
}

TEST(ImageMessages, EveryMessageRoundTrips) {
    expect_round_trip(image::StateRead{});
    expect_round_trip(image::StateWrite{});
    expect_round_trip(image::StateWrite{.confirm = true});
    expect_round_trip(image::StateWrite{.hash = Bytes(32, 1), .confirm = false});
    expect_round_trip(expected_state());
    expect_round_trip(image::StateResponse{});
    image::StateResponse multi;
    multi.images.push_back(
        {.image = 1, .slot = 1, .version = "9.9.9", .pending = true, .permanent = true});
    expect_round_trip(multi);
    expect_round_trip(image::Erase{});
    expect_round_trip(image::Erase{.slot = 3});
    expect_round_trip(image::EraseResponse{});
    expect_round_trip(image::SlotInfo{});
    expect_round_trip(image::SlotInfoResponse{});
    expect_round_trip(image::SlotInfoResponse{
        .images = {{.image = 0,
                    .slots = {{.slot = 1, .size = 4096, .upload_image_id = 2}},
                    .max_image_size = 100}}});
    expect_round_trip(image::Upload{.image = 0,
                                    .len = 100,
                                    .off = 0,
                                    .sha = Bytes(32, 7),
                                    .data = Bytes(40, 1),
                                    .upgrade = true});
    expect_round_trip(image::Upload{.off = 40, .data = Bytes(10, 2)});
    expect_round_trip(image::UploadResponse{.off = 100, .match = true});
    expect_round_trip(image::UploadResponse{});
}

}  // namespace
