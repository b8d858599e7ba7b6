// SPDX-License-Identifier: Apache-2.0
#include <smp/protocol/cbor.hpp>
#include <smp/protocol/messages/enumeration.hpp>

#include <gtest/gtest.h>

namespace {

using smp::Bytes;
using smp::cbor::Value;
namespace enumeration = smp::enumeration;

template <class M>
void expect_round_trip(const M& m) {
    auto back = smp::decode_payload<M>(smp::encode_payload(m));
    ASSERT_TRUE(back) << back.error().message();
    EXPECT_EQ(*back, m);
}

TEST(EnumerationMessages, RequestsAreReadsOfGroupTen) {
    static_assert(enumeration::Count::command == 0 && enumeration::Count::op == smp::Op::read);
    static_assert(enumeration::List::command == 1 && enumeration::List::op == smp::Op::read);
    static_assert(enumeration::Single::command == 2 && enumeration::Single::op == smp::Op::read);
    static_assert(enumeration::Details::command == 3 && enumeration::Details::op == smp::Op::read);
    EXPECT_EQ(smp::to_underlying(enumeration::Details::group), 10);
}

TEST(EnumerationMessages, ListFromZephyr) {
    // {"groups": [0, 1, 63, 64]}, indefinite as zcbor writes it.
    const Bytes payload{0xbf, 0x66, 'g',  'r',  'o',  'u',  'p',  's', 0x9f,
                        0x00, 0x01, 0x18, 0x3f, 0x18, 0x40, 0xff, 0xff};
    auto r = smp::decode_response<enumeration::ListResponse>(payload);
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->groups, (std::vector<std::uint16_t>{0, 1, 63, 64}));
}

TEST(EnumerationMessages, SingleWithAndWithoutEnd) {
    const Bytes last{0xbf, 0x65, 'g', 'r', 'o', 'u', 'p', 0x08, 0x63, 'e', 'n', 'd', 0xf5, 0xff};
    auto r = smp::decode_response<enumeration::SingleResponse>(last);
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(*r, (enumeration::SingleResponse{.group = 8, .end = true}));
    auto mid =
        smp::decode_response<enumeration::SingleResponse>(smp::cbor::encode(Value{{"group", 1}}));
    ASSERT_TRUE(mid) << mid.error().message();
    EXPECT_FALSE(mid->end);
    const Bytes index_req{0xa1, 0x65, 'i', 'n', 'd', 'e', 'x', 0x02};
    EXPECT_EQ(smp::encode_payload(enumeration::Single{.index = 2}), index_req);
    EXPECT_EQ(smp::encode_payload(enumeration::Single{}), Bytes{0xa0});
}

TEST(EnumerationMessages, DetailsWithOptionalKeys) {
    Value v{{"groups", Value::array({Value{{"group", 0}, {"name", "os"}, {"handlers", 9}},
                                     Value{{"group", 64}}})}};
    auto r = smp::decode_response<enumeration::DetailsResponse>(smp::cbor::encode_indefinite(v));
    ASSERT_TRUE(r) << r.error().message();
    ASSERT_EQ(r->groups.size(), 2u);
    EXPECT_EQ(r->groups[0], (enumeration::GroupDetails{.group = 0, .name = "os", .handlers = 9}));
    EXPECT_EQ(r->groups[1], (enumeration::GroupDetails{.group = 64}));
}

TEST(EnumerationMessages, V2GroupErrorsDecodeToEnumErrors) {
    auto r =
        smp::decode_response<enumeration::SingleResponse>(smp::encode_group_error_payload(10, 4));
    ASSERT_FALSE(r);
    ASSERT_TRUE(r.error().device);
    EXPECT_EQ(r.error().code, smp::EnumError::index_too_large);
}

TEST(EnumerationMessages, MissingRequiredKeyIsNamed) {
    auto r = smp::decode_response<enumeration::CountResponse>(smp::cbor::encode(Value::object()));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, smp::Errc::decode_error);
    EXPECT_NE(r.error().detail.find("'count'"), std::string::npos) << r.error().detail;
    Value v{{"groups", Value::array({Value{{"name", "os"}}})}};
    auto d = smp::decode_response<enumeration::DetailsResponse>(smp::cbor::encode(v));
    ASSERT_FALSE(d);
    EXPECT_NE(d.error().detail.find("group"), std::string::npos) << d.error().detail;
}

TEST(EnumerationMessages, WrongTypedOrOutOfRangeKeyIsNamed) {
    auto r =
        smp::decode_response<enumeration::CountResponse>(smp::cbor::encode(Value{{"count", "3"}}));
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().detail.find("'count'"), std::string::npos) << r.error().detail;
    // Group ids are 16 bits.
    auto l = smp::decode_response<enumeration::ListResponse>(
        smp::cbor::encode(Value{{"groups", Value::array({1, 70000})}}));
    ASSERT_FALSE(l);
    EXPECT_EQ(l.error().code, smp::Errc::decode_error);
    EXPECT_NE(l.error().detail.find("groups.[1]"), std::string::npos) << l.error().detail;
}

TEST(EnumerationMessages, UnknownKeysAreKept) {
    auto r = smp::decode_response<enumeration::CountResponse>(
        smp::cbor::encode(Value{{"count", 5}, {"x", "y"}}));
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(smp::cbor::to_value(r->extra)["x"], "y");
    expect_round_trip(*r);
}

TEST(EnumerationMessages, EveryMessageRoundTrips) {
    expect_round_trip(enumeration::Count{});
    expect_round_trip(enumeration::CountResponse{.count = 7});
    expect_round_trip(enumeration::List{});
    expect_round_trip(enumeration::ListResponse{.groups = {0, 1, 2, 3, 8, 9, 10, 63}});
    expect_round_trip(enumeration::ListResponse{});
    expect_round_trip(enumeration::Single{});
    expect_round_trip(enumeration::Single{.index = 4});
    expect_round_trip(enumeration::SingleResponse{.group = 9});
    expect_round_trip(enumeration::SingleResponse{.group = 63, .end = true});
    expect_round_trip(enumeration::Details{});
    expect_round_trip(enumeration::Details{.groups = std::vector<std::uint16_t>{0, 1}});
    expect_round_trip(enumeration::DetailsResponse{});
    expect_round_trip(enumeration::DetailsResponse{
        .groups = {{.group = 1, .name = "img", .handlers = 4}, {.group = 2}}});
}

}  // namespace
