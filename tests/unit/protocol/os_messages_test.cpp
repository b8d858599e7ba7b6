// SPDX-License-Identifier: Apache-2.0
#include <smp/protocol/cbor.hpp>
#include <smp/protocol/messages/os.hpp>

#include <gtest/gtest.h>

namespace {

TEST(OsMessages, EchoRequestFrameMatchesTheProtocolDocument) {
    // shared/protocol.md §5.1: v2 echo request, seq 1, {"d":"hello"} definite map.
    const auto bytes = smp::encode_request(smp::os::Echo{.d = "hello"}, 1);
    const smp::Bytes expected{0x0a, 0x00, 0x00, 0x09, 0x00, 0x00, 0x01, 0x00, 0xa1,
                              0x61, 0x64, 0x65, 0x68, 0x65, 0x6c, 0x6c, 0x6f};
    EXPECT_EQ(bytes, expected);
}

TEST(OsMessages, DecodesZephyrsIndefiniteLengthEchoResponse) {
    const smp::Bytes payload{0xbf, 0x61, 0x72, 0x65, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0xff};
    auto r = smp::decode_response<smp::os::EchoResponse>(payload);
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->r, "hello");
    EXPECT_TRUE(r->extra.empty());
}

TEST(OsMessages, V1ErrorResponseBecomesDeviceError) {
    const smp::Bytes payload{0xbf, 0x62, 'r', 'c', 0x08, 0xff};
    auto r = smp::decode_response<smp::os::EchoResponse>(payload);
    ASSERT_FALSE(r);
    ASSERT_TRUE(r.error().device);
    EXPECT_EQ(r.error().device->rc, 8);
    EXPECT_FALSE(r.error().device->group);
    EXPECT_EQ(r.error().code, smp::Rc::not_supported);
}

TEST(OsMessages, V2GroupErrorResponseBecomesDeviceError) {
    const auto payload = smp::encode_group_error_payload(0, 2);
    auto r = smp::decode_response<smp::os::InfoResponse>(payload);
    ASSERT_FALSE(r);
    ASSERT_TRUE(r.error().device);
    EXPECT_EQ(r.error().device->group, 0);
    EXPECT_EQ(r.error().code, smp::OsError::invalid_format);
    EXPECT_NE(r.error().message().find("OS_MGMT_ERR_INVALID_FORMAT"), std::string::npos);
}

TEST(OsMessages, RcZeroIsSuccess) {
    smp::cbor::Value v{{"rc", 0}, {"buf_size", 384}, {"buf_count", 4}};
    auto r = smp::decode_response<smp::os::McumgrParamsResponse>(smp::cbor::encode(v));
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->buf_size, 384u);
    EXPECT_EQ(smp::cbor::to_value(r->extra)["rc"], 0);
}

TEST(OsMessages, UnknownKeysAreKept) {
    smp::cbor::Value v{{"buf_size", 2048}, {"buf_count", 2}, {"inst_role", "x"}};
    auto r = smp::decode_response<smp::os::McumgrParamsResponse>(smp::cbor::encode(v));
    ASSERT_TRUE(r);
    EXPECT_EQ(smp::cbor::to_value(r->extra)["inst_role"], "x");
    // and re-encoded with the message
    auto again = smp::decode_payload<smp::os::McumgrParamsResponse>(smp::encode_payload(*r));
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, *r);
}

TEST(OsMessages, MissingRequiredKeyNamesIt) {
    smp::cbor::Value v{{"buf_size", 2048}};
    auto r = smp::decode_response<smp::os::McumgrParamsResponse>(smp::cbor::encode(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, smp::Errc::decode_error);
    EXPECT_NE(r.error().detail.find("buf_count"), std::string::npos);
}

TEST(OsMessages, WrongTypeIsRejected) {
    smp::cbor::Value v{{"d", 5}};
    auto r = smp::decode_payload<smp::os::Echo>(smp::cbor::encode(v));
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().detail.find("'d'"), std::string::npos);
}

TEST(OsMessages, MemoryPoolResponseIsAMapOfPools) {
    smp::os::MemoryPoolStatsResponse resp;
    resp.pools["system_heap"] = {4, 1024, 512, 300, {}};
    auto back = smp::decode_response<smp::os::MemoryPoolStatsResponse>(smp::encode_payload(resp));
    ASSERT_TRUE(back) << back.error().message();
    EXPECT_EQ(*back, resp);
}

TEST(OsMessages, EveryRequestRoundTrips) {
    auto check = [](const auto& m) {
        using M = std::decay_t<decltype(m)>;
        auto back = smp::decode_payload<M>(smp::encode_payload(m));
        ASSERT_TRUE(back) << back.error().message();
        EXPECT_EQ(*back, m);
    };
    check(smp::os::Echo{.d = "x"});
    check(smp::os::ConsoleEcho{.echo = 1});
    check(smp::os::TaskStats{});
    check(smp::os::MemoryPoolStats{});
    check(smp::os::DateTimeGet{});
    check(smp::os::DateTimeSet{.datetime = "2024-01-02T03:04:05"});
    check(smp::os::Reset{.force = true, .boot_mode = 1});
    check(smp::os::Reset{});
    check(smp::os::McumgrParams{});
    check(smp::os::Info{.format = "a"});
    check(smp::os::BootloaderInfo{.query = "mode"});
    smp::os::TaskStatsResponse ts;
    ts.tasks["idle"] = {.prio = -1, .tid = 2, .state = 0, .stksiz = 64, .stkuse = 10};
    check(ts);
    check(smp::os::BootloaderInfoResponse{.mode = 1, .no_downgrade = true});
}

}  // namespace
