// SPDX-License-Identifier: Apache-2.0
#include <smp/protocol/cbor.hpp>
#include <smp/protocol/messages/stat.hpp>

#include <gtest/gtest.h>

namespace {

using smp::Bytes;
using smp::cbor::Value;
namespace stat = smp::stat;

template <class M>
void expect_round_trip(const M& m) {
    auto back = smp::decode_payload<M>(smp::encode_payload(m));
    ASSERT_TRUE(back) << back.error().message();
    EXPECT_EQ(*back, m);
}

TEST(StatMessages, RequestsKnowTheirIds) {
    static_assert(stat::GroupData::command == 0 && stat::GroupData::op == smp::Op::read);
    static_assert(stat::List::command == 1 && stat::List::op == smp::Op::read);
    EXPECT_EQ(smp::to_underlying(stat::List::group), 2);
}

TEST(StatMessages, GroupDataRequestBytes) {
    const Bytes expected{0xa1, 0x64, 'n', 'a', 'm', 'e', 0x62, 's', '1'};
    EXPECT_EQ(smp::encode_payload(stat::GroupData{.name = "s1"}), expected);
}

TEST(StatMessages, GroupDataFromOlderZephyrWithRcZero) {
    // {"rc": 0, "name": "s1", "fields": {"a": 1, "b": 300}} (older stat_mgmt.c), indefinite.
    const Bytes payload{0xbf, 0x62, 'r',  'c', 0x00, 0x64, 'n',  'a',  'm', 'e',  0x62,
                        's',  '1',  0x66, 'f', 'i',  'e',  'l',  'd',  's', 0xbf, 0x61,
                        'a',  0x01, 0x61, 'b', 0x19, 0x01, 0x2c, 0xff, 0xff};
    auto r = smp::decode_response<stat::GroupDataResponse>(payload);
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->name, "s1");
    EXPECT_EQ(r->fields, (std::map<std::string, std::uint64_t>{{"a", 1}, {"b", 300}}));
    EXPECT_EQ(smp::cbor::to_value(r->extra)["rc"], 0);
}

TEST(StatMessages, EmptyListIsValid) {
    const Bytes payload{0xbf, 0x69, 's', 't', 'a', 't', '_', 'l', 'i', 's', 't', 0x9f, 0xff, 0xff};
    auto r = smp::decode_response<stat::ListResponse>(payload);
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_TRUE(r->stat_list.empty());
}

TEST(StatMessages, ErrorsDecode) {
    auto r = smp::decode_response<stat::GroupDataResponse>(smp::encode_group_error_payload(2, 2));
    ASSERT_FALSE(r);
    ASSERT_TRUE(r.error().device);
    EXPECT_EQ(r.error().code, smp::StatError::invalid_group);
    // Older Zephyr: unknown group -> rc 1.
    auto old = smp::decode_response<stat::GroupDataResponse>(smp::encode_rc_payload(1));
    ASSERT_FALSE(old);
    EXPECT_EQ(old.error().code, smp::Rc::unknown);
}

TEST(StatMessages, MissingRequiredKeyIsNamed) {
    auto r = smp::decode_response<stat::GroupDataResponse>(smp::cbor::encode(Value{{"name", "s"}}));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, smp::Errc::decode_error);
    EXPECT_NE(r.error().detail.find("'fields'"), std::string::npos) << r.error().detail;
}

TEST(StatMessages, WrongTypedKeyIsNamed) {
    Value v{{"name", "s"}, {"fields", Value{{"a", 1}, {"neg", -1}}}};
    auto r = smp::decode_response<stat::GroupDataResponse>(smp::cbor::encode(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, smp::Errc::decode_error);
    EXPECT_NE(r.error().detail.find("key 'fields.neg'"), std::string::npos) << r.error().detail;
    auto l = smp::decode_response<stat::ListResponse>(smp::cbor::encode(Value{{"stat_list", "x"}}));
    ASSERT_FALSE(l);
    EXPECT_NE(l.error().detail.find("'stat_list'"), std::string::npos) << l.error().detail;
}

TEST(StatMessages, UnknownKeysAreKept) {
    Value v{{"stat_list", Value::array({"a"})}, {"more", true}};
    auto r = smp::decode_response<stat::ListResponse>(smp::cbor::encode(v));
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(smp::cbor::to_value(r->extra)["more"], true);
    expect_round_trip(*r);
}

TEST(StatMessages, EveryMessageRoundTrips) {
    expect_round_trip(stat::GroupData{.name = "smp_svr_stats"});
    expect_round_trip(stat::GroupDataResponse{.name = "x", .fields = {{"ticks", 1ull << 40}}});
    expect_round_trip(stat::GroupDataResponse{.name = "empty"});
    expect_round_trip(stat::List{});
    expect_round_trip(stat::ListResponse{.stat_list = {"a", "b"}});
    expect_round_trip(stat::ListResponse{});
}

}  // namespace
