// SPDX-License-Identifier: Apache-2.0
#include "unit/server/server_test_util.hpp"

#include <smp/protocol/messages/os.hpp>

namespace {

using smp::cbor::Value;
using namespace smp_test;

smp::server::Device make_device(std::size_t buf_size = 384, std::size_t buf_count = 4) {
    smp::server::DeviceConfig config;
    config.buf_size = buf_size;
    config.buf_count = buf_count;
    return smp::server::Device(config);
}

TEST(ServerDispatcher, EchoResponseIsZephyrStyleIndefiniteMap) {
    auto device = make_device();
    auto out = device.process(smp::encode_request(smp::os::Echo{.d = "hello"}, 1), {});
    ASSERT_EQ(out.responses.size(), 1u);
    // shared/protocol.md §5.1: Zephyr's reply to the worked example.
    const smp::Bytes expected{0x0b, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x01, 0x00, 0xbf,
                              0x61, 0x72, 0x65, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0xff};
    EXPECT_EQ(out.responses[0], expected);
}

TEST(ServerDispatcher, RepliesInRequestVersion) {
    auto device = make_device();
    auto r = call(device, smp::os::Echo{.d = "x"}, smp::Version::v1);
    EXPECT_EQ(r.header.version, smp::Version::v1);
    EXPECT_EQ(r.header.op, smp::Op::write_response);
    EXPECT_EQ(r.header.sequence, 9);
}

TEST(ServerDispatcher, TooNewVersionGetsRc13InV2Header) {
    auto device = make_device();
    auto req = smp::encode_request(smp::os::Echo{.d = "x"}, 3);
    req[0] = static_cast<std::uint8_t>((2 << 3) | 2);  // version field 2
    auto r = single_reply(device, req);
    EXPECT_EQ(r.body, (Value{{"rc", 13}}));
    EXPECT_EQ(r.header.version, smp::Version::v2);
}

TEST(ServerDispatcher, UnknownGroupCommandAndResponseOpAreNotSupported) {
    auto device = make_device();
    EXPECT_EQ(single_reply(device, raw_request(smp::Op::read, 200, 0, Value::object())).body,
              (Value{{"rc", 8}}));
    EXPECT_EQ(single_reply(device, raw_request(smp::Op::read, 0, 42, Value::object())).body,
              (Value{{"rc", 8}}));
    EXPECT_EQ(
        single_reply(device, raw_request(smp::Op::read_response, 0, 0, Value{{"d", "x"}})).body,
        (Value{{"rc", 8}}));
}

TEST(ServerDispatcher, TruncatedMessageGetsRc9AndShortPacketNothing) {
    auto device = make_device();
    auto req = smp::encode_request(smp::os::Echo{.d = "hello"}, 1);
    req.pop_back();
    EXPECT_EQ(single_reply(device, req).body, (Value{{"rc", 9}}));
    const smp::Bytes short_packet{0x0a, 0x00, 0x00};
    EXPECT_TRUE(device.process(short_packet, {}).responses.empty());
}

TEST(ServerDispatcher, SeveralMessagesInOnePacketEachAnswered) {
    auto device = make_device();
    auto packet = smp::encode_request(smp::os::Echo{.d = "a"}, 1);
    auto second = smp::encode_request(smp::os::Echo{.d = "b"}, 2);
    packet.insert(packet.end(), second.begin(), second.end());
    auto out = device.process(packet, {});
    ASSERT_EQ(out.responses.size(), 2u);
    EXPECT_EQ(smp::decode_message(out.responses[1])->header.sequence, 2);
}

TEST(ServerDispatcher, ProcessingStopsAtFirstError) {
    auto device = make_device();
    auto packet = raw_request(smp::Op::read, 0, 42, Value::object());
    auto second = smp::encode_request(smp::os::Echo{.d = "b"}, 2);
    packet.insert(packet.end(), second.begin(), second.end());
    EXPECT_EQ(device.process(packet, {}).responses.size(), 1u);
}

TEST(ServerDispatcher, GroupErrorIsErrInV2AndTranslatedRcInV1) {
    auto device = make_device();
    auto v2 = call(device, smp::os::Info{.format = "z"});
    EXPECT_EQ(v2.body, (Value{{"err", {{"group", 0}, {"rc", 2}}}}));
    auto v1 = call(device, smp::os::Info{.format = "z"}, smp::Version::v1);
    EXPECT_EQ(v1.body, (Value{{"rc", 3}}));  // INVALID_FORMAT -> EINVAL
}

TEST(ServerDispatcher, ResponseLargerThanBufferIsRc7) {
    auto device = make_device(64, 4);
    auto r = call(device, smp::os::TaskStats{});
    EXPECT_EQ(r.body, (Value{{"rc", 7}}));
}

TEST(ServerBufferPool, DropsTooLargeAndWhenNoBufferIsFree) {
    auto device = make_device(384, 3);
    const auto echo = smp::encode_request(smp::os::Echo{.d = "x"}, 1);
    EXPECT_EQ(device.receive(smp::Bytes(400, 0), 380), smp::server::Admission::dropped_too_large);
    EXPECT_EQ(device.receive(echo, 380), smp::server::Admission::accepted);
    EXPECT_EQ(device.receive(echo, 380), smp::server::Admission::accepted);
    EXPECT_EQ(device.receive(echo, 380), smp::server::Admission::accepted);
    EXPECT_EQ(device.receive(echo, 380), smp::server::Admission::dropped_no_buffer);
    // All three buffers hold requests: the first one's response cannot be allocated.
    auto out = device.process_next({});
    ASSERT_EQ(out.responses.size(), 1u);
    auto body = smp::cbor::decode(smp::decode_message(out.responses[0])->payload);
    EXPECT_EQ(*body, (Value{{"rc", 2}}));
    device.finish();
    // Now a buffer is free for the response of the next one.
    out = device.process_next({});
    EXPECT_EQ(*smp::cbor::decode(smp::decode_message(out.responses[0])->payload),
              (Value{{"r", "x"}}));
    // While it is processed, its request and response hold two of the three buffers.
    EXPECT_EQ(device.pool().in_use(), 3u);
    EXPECT_EQ(device.receive(echo, 380), smp::server::Admission::dropped_no_buffer);
    device.finish();
    EXPECT_EQ(device.pool().in_use(), 1u);
}

}  // namespace
