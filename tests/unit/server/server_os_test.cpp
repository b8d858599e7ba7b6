// SPDX-License-Identifier: Apache-2.0
#include "unit/server/server_test_util.hpp"

#include <smp/protocol/messages/os.hpp>

namespace {

using smp::cbor::Value;
using namespace smp_test;
using namespace std::chrono_literals;

smp::server::Device make_device() {
    return smp::server::Device(smp::server::DeviceConfig{});
}

// As the real Zephyr 4.4: "d" is optional (an empty "r" without it) but must be text.
TEST(ServerOs, EchoTakesAnOptionalTextD) {
    auto device = make_device();
    EXPECT_EQ(call(device, smp::os::Echo{.d = "hi"}).body, (Value{{"r", "hi"}}));
    EXPECT_EQ(single_reply(device, raw_request(smp::Op::write, 0, 0, Value::object())).body,
              (Value{{"r", ""}}));
    EXPECT_EQ(single_reply(device, raw_request(smp::Op::write, 0, 0, Value{{"d", 5}})).body,
              (Value{{"rc", 3}}));
}

TEST(ServerOs, ConsoleEchoIsNotSupportedByZephyr) {
    auto device = make_device();
    EXPECT_EQ(call(device, smp::os::ConsoleEcho{.echo = 1}).body, (Value{{"rc", 8}}));
}

TEST(ServerOs, ParamsReportBufferPool) {
    smp::server::DeviceConfig config;
    config.buf_size = 2048;
    config.buf_count = 2;
    smp::server::Device device(config);
    auto r = call(device, smp::os::McumgrParams{});
    auto rsp = smp::decode_response<smp::os::McumgrParamsResponse>(r.payload);
    ASSERT_TRUE(rsp);
    EXPECT_EQ(rsp->buf_size, 2048u);
    EXPECT_EQ(rsp->buf_count, 2u);
}

TEST(ServerOs, TaskStatsListsThreads) {
    auto device = make_device();
    auto rsp = smp::decode_response<smp::os::TaskStatsResponse>(
        call(device, smp::os::TaskStats{}).payload);
    ASSERT_TRUE(rsp);
    EXPECT_TRUE(rsp->tasks.contains("idle"));
    EXPECT_TRUE(rsp->tasks.at("main").stkuse.has_value());
}

TEST(ServerOs, MemoryPoolReportsSystemHeap) {
    auto device = make_device();
    auto rsp = smp::decode_response<smp::os::MemoryPoolStatsResponse>(
        call(device, smp::os::MemoryPoolStats{}).payload);
    ASSERT_TRUE(rsp);
    EXPECT_EQ(rsp->pools.at("system_heap").blksiz, 4u);
}

TEST(ServerOs, DateTimeUnsetThenSetAndAdvancing) {
    auto device = make_device();
    EXPECT_EQ(call(device, smp::os::DateTimeGet{}).body,
              (Value{{"err", {{"group", 0}, {"rc", 4}}}}));
    EXPECT_EQ(
        call(device, smp::os::DateTimeSet{.datetime = "2024-02-29T23:59:58"}, smp::Version::v2, 10s)
            .body,
        Value::object());
    EXPECT_EQ(call(device, smp::os::DateTimeGet{}, smp::Version::v2, 13s).body,
              (Value{{"datetime", "2024-03-01T00:00:01"}}));
    EXPECT_EQ(call(device, smp::os::DateTimeSet{.datetime = "2024-13-01T00:00:00"}).body,
              (Value{{"rc", 3}}));
    EXPECT_EQ(call(device, smp::os::DateTimeSet{.datetime = "yesterday"}).body, (Value{{"rc", 3}}));
}

TEST(ServerOs, ResetAnswersThenAsksForReset) {
    auto device = make_device();
    auto out = device.process(smp::encode_request(smp::os::Reset{.force = true}, 1), {});
    ASSERT_EQ(out.responses.size(), 1u);
    EXPECT_TRUE(out.reset);
    EXPECT_EQ(out.reset_delay, 250ms);
    auto bad = device.process(raw_request(smp::Op::write, 0, 5, Value{{"boot_mode", 300}}), {});
    EXPECT_FALSE(bad.reset);
    // force as an int (as the docs claim) fails decoding, which Zephyr ignores.
    auto int_force = device.process(raw_request(smp::Op::write, 0, 5, Value{{"force", 1}}), {});
    EXPECT_TRUE(int_force.reset);
}

TEST(ServerOs, InfoUsesFixedOrder) {
    auto device = make_device();
    EXPECT_EQ(call(device, smp::os::Info{}).body, (Value{{"output", "Zephyr"}}));
    EXPECT_EQ(call(device, smp::os::Info{.format = "os"}).body,
              (Value{{"output", "Zephyr Zephyr"}}));
    auto all = call(device, smp::os::Info{.format = "a"}).body["output"].get<std::string>();
    EXPECT_EQ(all.rfind("Zephyr smpsim", 0), 0u);
}

TEST(ServerOs, BootloaderInfo) {
    auto device = make_device();
    EXPECT_EQ(call(device, smp::os::BootloaderInfo{}).body, (Value{{"bootloader", "MCUboot"}}));
    EXPECT_EQ(call(device, smp::os::BootloaderInfo{.query = "mode"}).body, (Value{{"mode", 3}}));
    EXPECT_EQ(call(device, smp::os::BootloaderInfo{.query = "what"}).body,
              (Value{{"err", {{"group", 0}, {"rc", 3}}}}));
}

}  // namespace
