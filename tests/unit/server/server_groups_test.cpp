// SPDX-License-Identifier: Apache-2.0
// Stat, settings, shell, enumeration and Zephyr basic groups of smp::server.
#include "unit/server/server_test_util.hpp"

namespace {

using smp::cbor::Value;
using namespace smp_test;

Value req(smp::server::Device& d, smp::Op op, std::uint16_t group, std::uint8_t cmd, Value map) {
    return single_reply(d, raw_request(op, group, cmd, map)).body;
}

TEST(ServerStat, ListAndShow) {
    smp::server::Device d(smp::server::DeviceConfig{});
    EXPECT_EQ(req(d, smp::Op::read, 2, 1, Value::object())["stat_list"][0], "smp_svr_stats");
    auto shown = req(d, smp::Op::read, 2, 0, Value{{"name", "smp"}});
    EXPECT_EQ(shown["name"], "smp");
    EXPECT_EQ(shown["fields"]["requests"], 2);  // the values move with traffic
    // Zephyr 4.4 names the stat: INVALID_STAT_NAME (3), not INVALID_GROUP.
    EXPECT_EQ(req(d, smp::Op::read, 2, 0, Value{{"name", "nope"}}),
              (Value{{"err", {{"group", 2}, {"rc", 3}}}}));
}

TEST(ServerSettings, WriteReadDeletePersisted) {
    TempDir dir;
    smp::server::DeviceConfig config;
    config.state_dir = dir.path;
    {
        smp::server::Device d(config);
        EXPECT_EQ(req(d, smp::Op::write, 3, 0,
                      Value{{"name", "app/x"}, {"val", smp::cbor::bytes(smp::Bytes{1, 2})}}),
                  Value::object());
        EXPECT_EQ(req(d, smp::Op::read, 3, 0, Value{{"name", "app/missing"}}),
                  (Value{{"err", {{"group", 3}, {"rc", 3}}}}));
        EXPECT_EQ(req(d, smp::Op::read, 3, 0, Value{{"name", std::string(40, 'k')}}),
                  (Value{{"err", {{"group", 3}, {"rc", 2}}}}));
        EXPECT_EQ(req(d, smp::Op::write, 3, 0, Value{{"name", ""}}), (Value{{"rc", 3}}));
    }
    smp::server::Device restarted(config);
    EXPECT_EQ(req(restarted, smp::Op::read, 3, 0, Value{{"name", "app/x"}}),
              (Value{{"val", smp::cbor::bytes(smp::Bytes{1, 2})}}));
    EXPECT_EQ(req(restarted, smp::Op::write, 3, 1, Value{{"name", "app/x"}}), Value::object());
    EXPECT_EQ(req(restarted, smp::Op::read, 3, 0, Value{{"name", "app/x"}}),
              (Value{{"err", {{"group", 3}, {"rc", 3}}}}));
}

TEST(ServerShell, ExecBuiltins) {
    smp::server::Device d(smp::server::DeviceConfig{});
    EXPECT_EQ(req(d, smp::Op::write, 9, 0, Value{{"argv", {"echo", "hi", "there"}}}),
              (Value{{"o", "\r\nhi there\r\n"}, {"ret", 0}}));  // as Zephyr's shell prints
    EXPECT_EQ(req(d, smp::Op::write, 9, 0, Value{{"argv", {"frobnicate"}}})["ret"], -8);
    EXPECT_EQ(req(d, smp::Op::write, 9, 0, Value{{"argv", Value::array()}}),
              (Value{{"err", {{"group", 9}, {"rc", 3}}}}));
    EXPECT_EQ(req(d, smp::Op::write, 9, 0, Value::object()), (Value{{"rc", 3}}));
}

TEST(ServerEnum, CountListSingleDetails) {
    smp::server::Device d(smp::server::DeviceConfig{});
    const auto count = req(d, smp::Op::read, 10, 0, Value::object())["count"].get<std::size_t>();
    auto list = req(d, smp::Op::read, 10, 1, Value::object())["groups"];
    EXPECT_EQ(list.size(), count);
    EXPECT_EQ(list[0], 10);  // Zephyr's registration order: enum_mgmt sorts first
    EXPECT_TRUE(req(d, smp::Op::read, 10, 2, Value{{"index", count - 1}}).contains("end"));
    EXPECT_EQ(req(d, smp::Op::read, 10, 2, Value{{"index", count}}),
              (Value{{"err", {{"group", 10}, {"rc", 4}}}}));
    auto details = req(d, smp::Op::read, 10, 3, Value{{"groups", {1}}})["groups"];
    ASSERT_EQ(details.size(), 1u);
    EXPECT_EQ(details[0]["name"], "img mgmt");
}

TEST(ServerZephyrBasic, EraseStorageDropsSettings) {
    TempDir dir;
    smp::server::DeviceConfig config;
    config.state_dir = dir.path;
    smp::server::Device d(config);
    req(d, smp::Op::write, 3, 0, Value{{"name", "k"}, {"val", smp::cbor::bytes(smp::Bytes{1})}});
    EXPECT_EQ(req(d, smp::Op::write, 63, 0, Value::object()), Value::object());
    EXPECT_EQ(req(d, smp::Op::read, 3, 0, Value{{"name", "k"}}),
              (Value{{"err", {{"group", 3}, {"rc", 3}}}}));
}

}  // namespace
