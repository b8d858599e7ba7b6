// SPDX-License-Identifier: Apache-2.0
#include <smp/protocol/cbor.hpp>
#include <smp/protocol/messages/settings.hpp>

#include <gtest/gtest.h>

namespace {

using smp::Bytes;
using smp::cbor::Value;
namespace settings = smp::settings;

template <class M>
void expect_round_trip(const M& m) {
    auto back = smp::decode_payload<M>(smp::encode_payload(m));
    ASSERT_TRUE(back) << back.error().message();
    EXPECT_EQ(*back, m);
}

TEST(SettingsMessages, RequestsKnowTheirIdsAndOps) {
    static_assert(settings::Read::command == 0 && settings::Read::op == smp::Op::read);
    static_assert(settings::Write::command == 0 && settings::Write::op == smp::Op::write);
    static_assert(settings::Delete::command == 1 && settings::Delete::op == smp::Op::write);
    static_assert(settings::Commit::command == 2 && settings::Commit::op == smp::Op::write);
    static_assert(settings::Load::command == 3 && settings::Load::op == smp::Op::read);
    static_assert(settings::Save::command == 3 && settings::Save::op == smp::Op::write);
    EXPECT_EQ(smp::to_underlying(settings::Save::group), 3);
}

TEST(SettingsMessages, WritePayloadBytes) {
    // {"name": "a/b", "val": h'0102'}
    const Bytes expected{0xa2, 0x64, 'n', 'a', 'm', 'e',  0x63, 'a', '/',
                         'b',  0x63, 'v', 'a', 'l', 0x42, 0x01, 0x02};
    EXPECT_EQ(smp::encode_payload(settings::Write{.name = "a/b", .val = {1, 2}}), expected);
}

TEST(SettingsMessages, ReadResponseFromZephyr) {
    // {"val": h'2a00', "max_size": 64} as zcbor writes it.
    const Bytes payload{0xbf, 0x63, 'v', 'a', 'l', 0x42, 0x2a, 0x00, 0x68, 'm',
                        'a',  'x',  '_', 's', 'i', 'z',  'e',  0x18, 0x40, 0xff};
    auto r = smp::decode_response<settings::ReadResponse>(payload);
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(*r, (settings::ReadResponse{.val = {0x2a, 0x00}, .max_size = 64}));
}

TEST(SettingsMessages, V2GroupErrorsDecodeToSettingsErrors) {
    auto r = smp::decode_response<settings::ReadResponse>(smp::encode_group_error_payload(3, 3));
    ASSERT_FALSE(r);
    ASSERT_TRUE(r.error().device);
    EXPECT_EQ(r.error().code, smp::SettingsError::key_not_found);
    auto w = smp::decode_response<settings::WriteResponse>(smp::encode_group_error_payload(3, 2));
    ASSERT_FALSE(w);
    EXPECT_EQ(w.error().code, smp::SettingsError::key_too_long);
}

TEST(SettingsMessages, V1RcIsADeviceError) {
    auto r = smp::decode_response<settings::CommitResponse>(smp::encode_rc_payload(3, "bad"));
    ASSERT_FALSE(r);
    ASSERT_TRUE(r.error().device);
    EXPECT_EQ(r.error().code, smp::Rc::invalid_value);
    EXPECT_EQ(r.error().device->reason, "bad");
}

TEST(SettingsMessages, UnknownKeysAreKept) {
    Value v{{"val", smp::cbor::bytes(Bytes{1})}, {"type", "u8"}};
    auto r = smp::decode_response<settings::ReadResponse>(smp::cbor::encode(v));
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(smp::cbor::to_value(r->extra)["type"], "u8");
    expect_round_trip(*r);
}

TEST(SettingsMessages, MissingRequiredKeyIsNamed) {
    auto r =
        smp::decode_response<settings::ReadResponse>(smp::cbor::encode(Value{{"max_size", 4}}));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, smp::Errc::decode_error);
    EXPECT_NE(r.error().detail.find("'val'"), std::string::npos) << r.error().detail;
    auto w = smp::decode_payload<settings::Write>(smp::cbor::encode(Value{{"name", "a"}}));
    ASSERT_FALSE(w);
    EXPECT_NE(w.error().detail.find("'val'"), std::string::npos) << w.error().detail;
}

TEST(SettingsMessages, WrongTypedKeyIsNamed) {
    // A value sent as text instead of bytes.
    auto w =
        smp::decode_payload<settings::Write>(smp::cbor::encode(Value{{"name", "a"}, {"val", "1"}}));
    ASSERT_FALSE(w);
    EXPECT_EQ(w.error().code, smp::Errc::decode_error);
    EXPECT_NE(w.error().detail.find("'val'"), std::string::npos) << w.error().detail;
    auto s = smp::decode_payload<settings::Save>(smp::cbor::encode(Value{{"name", 1}}));
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().detail.find("'name'"), std::string::npos) << s.error().detail;
}

TEST(SettingsMessages, EveryMessageRoundTrips) {
    expect_round_trip(settings::Read{.name = "bt/name"});
    expect_round_trip(settings::Read{.name = "bt/name", .max_size = 32});
    expect_round_trip(settings::ReadResponse{.val = {1, 2, 3}});
    expect_round_trip(settings::ReadResponse{.val = {}, .max_size = 16});
    expect_round_trip(settings::Write{.name = "x", .val = {0}});
    expect_round_trip(settings::WriteResponse{});
    expect_round_trip(settings::Delete{.name = "x"});
    expect_round_trip(settings::DeleteResponse{});
    expect_round_trip(settings::Commit{});
    expect_round_trip(settings::CommitResponse{});
    expect_round_trip(settings::Load{});
    expect_round_trip(settings::LoadResponse{});
    expect_round_trip(settings::Save{});
    expect_round_trip(settings::Save{.name = "bt"});
    expect_round_trip(settings::SaveResponse{});
    EXPECT_EQ(smp::encode_payload(settings::Save{}), Bytes{0xa0});
}

}  // namespace
