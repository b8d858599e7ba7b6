// SPDX-License-Identifier: Apache-2.0
#include <smp/protocol/cbor.hpp>
#include <smp/protocol/messages/shell.hpp>

#include <gtest/gtest.h>

namespace {

using smp::Bytes;
using smp::cbor::Value;
namespace shell = smp::shell;

template <class M>
void expect_round_trip(const M& m) {
    auto back = smp::decode_payload<M>(smp::encode_payload(m));
    ASSERT_TRUE(back) << back.error().message();
    EXPECT_EQ(*back, m);
}

TEST(ShellMessages, ExecRequestFrame) {
    // v2 write, length 15, group 9, seq 7, command 0, {"argv": ["echo", "hi"]}.
    const Bytes expected{0x0a, 0x00, 0x00, 0x0f, 0x00, 0x09, 0x07, 0x00, 0xa1, 0x64, 'a', 'r',
                         'g',  'v',  0x82, 0x64, 'e',  'c',  'h',  'o',  0x62, 'h',  'i'};
    EXPECT_EQ(smp::encode_request(shell::Exec{.argv = {"echo", "hi"}}, 7), expected);
}

TEST(ShellMessages, ResponseWithRet) {
    // {"o": "hi\n", "ret": -2} as zcbor writes it.
    const Bytes payload{0xbf, 0x61, 'o', 0x63, 'h', 'i', '\n', 0x63, 'r', 'e', 't', 0x21, 0xff};
    auto r = smp::decode_response<shell::ExecResponse>(payload);
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->o, "hi\n");
    EXPECT_EQ(r->ret, -2);
    EXPECT_FALSE(r->rc);
    EXPECT_EQ(r->return_code(), -2);
}

TEST(ShellMessages, LegacyDeviceReturnsTheCommandResultInRc) {
    // CONFIG_MCUMGR_GRP_SHELL_LEGACY_RC_RETURN_CODE: {"o": "", "rc": 5} is a result, not an error.
    auto r =
        smp::decode_response<shell::ExecResponse>(smp::cbor::encode(Value{{"o", ""}, {"rc", 5}}));
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->rc, 5);
    EXPECT_FALSE(r->ret);
    EXPECT_EQ(r->return_code(), 5);
}

TEST(ShellMessages, RcWithoutOutputIsAnSmpError) {
    // Missing argv -> rc 3 from smp.c, no "o".
    auto r = smp::decode_response<shell::ExecResponse>(smp::encode_rc_payload(3));
    ASSERT_FALSE(r);
    ASSERT_TRUE(r.error().device);
    EXPECT_EQ(r.error().code, smp::Rc::invalid_value);
}

TEST(ShellMessages, V2GroupErrorsDecodeToShellErrors) {
    auto r = smp::decode_response<shell::ExecResponse>(smp::encode_group_error_payload(9, 3));
    ASSERT_FALSE(r);
    ASSERT_TRUE(r.error().device);
    EXPECT_EQ(r.error().code, smp::ShellError::empty_command);
    // A group error is an error even beside an output.
    Value v{{"o", ""}, {"err", Value{{"group", 9}, {"rc", 2}}}};
    auto e = smp::decode_response<shell::ExecResponse>(smp::cbor::encode(v));
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().code, smp::ShellError::command_too_long);
}

TEST(ShellMessages, MissingRequiredKeyIsNamed) {
    auto r = smp::decode_response<shell::ExecResponse>(smp::cbor::encode(Value{{"ret", 0}}));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, smp::Errc::decode_error);
    EXPECT_NE(r.error().detail.find("'o'"), std::string::npos) << r.error().detail;
    auto e = smp::decode_payload<shell::Exec>(smp::cbor::encode(Value::object()));
    ASSERT_FALSE(e);
    EXPECT_NE(e.error().detail.find("'argv'"), std::string::npos) << e.error().detail;
}

TEST(ShellMessages, WrongTypedKeyIsNamed) {
    auto e = smp::decode_payload<shell::Exec>(
        smp::cbor::encode(Value{{"argv", Value::array({"ls", 1})}}));
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().code, smp::Errc::decode_error);
    EXPECT_NE(e.error().detail.find("argv.[1]"), std::string::npos) << e.error().detail;
    auto r = smp::decode_response<shell::ExecResponse>(
        smp::cbor::encode(Value{{"o", ""}, {"ret", "0"}}));
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().detail.find("'ret'"), std::string::npos) << r.error().detail;
}

TEST(ShellMessages, UnknownKeysAreKept) {
    auto r = smp::decode_response<shell::ExecResponse>(
        smp::cbor::encode(Value{{"o", "x"}, {"ret", 0}, {"truncated", true}}));
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(smp::cbor::to_value(r->extra)["truncated"], true);
    expect_round_trip(*r);
}

TEST(ShellMessages, EveryMessageRoundTrips) {
    expect_round_trip(shell::Exec{.argv = {"kernel", "uptime"}});
    expect_round_trip(shell::Exec{});
    expect_round_trip(shell::ExecResponse{.o = "up\n", .ret = 0});
    expect_round_trip(shell::ExecResponse{.o = ""});
    expect_round_trip(shell::ExecResponse{.o = "x", .rc = 0});
}

}  // namespace
