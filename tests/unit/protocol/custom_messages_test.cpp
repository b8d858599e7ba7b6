// SPDX-License-Identifier: Apache-2.0
// Also the compile check of the convenience header that includes every group.
#include <smp/protocol/custom_json.hpp>
#include <smp/protocol/messages.hpp>

#include <gtest/gtest.h>

namespace {

using smp::Bytes;
using smp::cbor::Value;
namespace custom = smp::custom;

TEST(CustomMessages, RequestFrameForAUserGroup) {
    // Group 64, command 2, write, {"x": 1}: v2 write, length 4, seq 5.
    const auto request = custom::make_request(64, 2, smp::Op::write, Value{{"x", 1}});
    EXPECT_EQ(request.cbor, (Bytes{0xa1, 0x61, 'x', 0x01}));
    const Bytes expected{0x0a, 0x00, 0x00, 0x04, 0x00, 0x40, 0x05, 0x02, 0xa1, 0x61, 'x', 0x01};
    EXPECT_EQ(custom::encode_request(request, 5), expected);
    EXPECT_EQ(custom::request_header(request, 5, smp::Version::v1).version, smp::Version::v1);
}

TEST(CustomMessages, EmptyPayloadIsSentAsAnEmptyMap) {
    const custom::Request request{.group = 100, .command = 0, .op = smp::Op::read};
    const auto bytes = custom::encode_request(request, 0);
    ASSERT_EQ(bytes.size(), 9u);
    EXPECT_EQ(bytes[3], 0x01);
    EXPECT_EQ(bytes[8], 0xa0);
    auto value = custom::payload_value(request);
    ASSERT_TRUE(value);
    EXPECT_EQ(*value, Value::object());
}

TEST(CustomMessages, DecodeRequestServerSide) {
    const auto bytes =
        custom::encode_request(custom::make_request(70, 3, smp::Op::read, Value{{"q", "a"}}), 1);
    auto message = smp::decode_message(bytes);
    ASSERT_TRUE(message);
    auto request = custom::decode_request(*message);
    ASSERT_TRUE(request) << request.error().message();
    EXPECT_EQ(request->group, 70);
    EXPECT_EQ(request->command, 3);
    EXPECT_EQ(request->op, smp::Op::read);
    auto value = custom::payload_value(*request);
    ASSERT_TRUE(value);
    EXPECT_EQ((*value)["q"], "a");
}

TEST(CustomMessages, ResponseOpIsNotARequest) {
    smp::Message message{.header = {.op = smp::Op::write_response, .group = 64}, .payload = {0xa0}};
    auto request = custom::decode_request(message);
    ASSERT_FALSE(request);
    EXPECT_EQ(request.error().code, smp::Errc::decode_error);
}

TEST(CustomMessages, SuccessResponseKeepsTheBytes) {
    const Bytes payload = smp::cbor::encode_indefinite(Value{{"answer", 42}});
    auto r = custom::decode_response(payload);
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->cbor, payload);
    auto value = custom::payload_value(*r);
    ASSERT_TRUE(value);
    EXPECT_EQ((*value)["answer"], 42);
    auto device = r->device_error();
    ASSERT_TRUE(device);
    EXPECT_FALSE(*device);
}

TEST(CustomMessages, DeviceErrorsAreDetected) {
    auto v1 = custom::decode_response(smp::encode_rc_payload(8));
    ASSERT_FALSE(v1);
    ASSERT_TRUE(v1.error().device);
    EXPECT_EQ(v1.error().code, smp::Rc::not_supported);

    auto v2 = custom::decode_response(smp::encode_group_error_payload(64, 3));
    ASSERT_FALSE(v2);
    ASSERT_TRUE(v2.error().device);
    EXPECT_EQ(v2.error().device->group, 64);
    EXPECT_EQ(v2.error().device->rc, 3);
    EXPECT_EQ(v2.error().code, smp::make_group_error_code(64, 3));

    const custom::Response raw = custom::make_response(Value{{"rc", 10}});
    auto found = raw.device_error();
    ASSERT_TRUE(found);
    ASSERT_TRUE(*found);
    EXPECT_EQ((*found)->rc, 10);
}

TEST(CustomMessages, NonMapResponseIsADecodeError) {
    auto r = custom::decode_response(Bytes{0x01});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, smp::Errc::decode_error);
    auto truncated = custom::decode_response(Bytes{0xbf, 0x61});
    ASSERT_FALSE(truncated);
    EXPECT_EQ(truncated.error().code, smp::Errc::decode_error);
    const custom::Response raw{.cbor = {0x42}};
    EXPECT_FALSE(raw.device_error());
}

TEST(CustomMessages, RequestAndResponseRoundTrip) {
    const auto request =
        custom::make_request(200, 9, smp::Op::write, Value{{"a", Value::array({1, 2})}});
    auto message = smp::decode_message(custom::encode_request(request, 0));
    ASSERT_TRUE(message);
    auto back = custom::decode_request(*message);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, request);
    const auto response = custom::make_response(Value{{"ok", true}});
    auto decoded = custom::decode_response(response.cbor);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(*decoded, response);
}

}  // namespace
