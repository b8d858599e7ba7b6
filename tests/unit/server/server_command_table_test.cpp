// SPDX-License-Identifier: Apache-2.0
// The server's command tables against the typed message catalog: a device answers exactly
// the (group, command, op) of the catalog's request types, and everything else with the one
// not-supported answer {"rc": 8}, as Zephyr's smp.c does.
#include "unit/server/server_test_util.hpp"

#include <smp/protocol/messages/enumeration.hpp>
#include <smp/protocol/messages/fs.hpp>
#include <smp/protocol/messages/image.hpp>
#include <smp/protocol/messages/os.hpp>
#include <smp/protocol/messages/settings.hpp>
#include <smp/protocol/messages/shell.hpp>
#include <smp/protocol/messages/stat.hpp>
#include <smp/protocol/messages/zephyr_basic.hpp>

#include <set>
#include <tuple>

namespace {

using smp::cbor::Value;
using namespace smp_test;
using Key = std::tuple<std::uint16_t, std::uint8_t, smp::Op>;

template <class... M>
std::set<Key> keys_of() {
    return {Key{smp::to_underlying(M::group), M::command, M::op}...};
}

// Every request type of the catalog that smp_svr answers (os console echo control is not
// implemented by Zephyr), and os echo as a read too: os_mgmt.c registers it for both ops.
std::set<Key> catalog() {
    namespace os = smp::os;
    namespace img = smp::image;
    namespace st = smp::settings;
    namespace fs = smp::fs;
    namespace en = smp::enumeration;
    auto keys =
        keys_of<os::Echo, os::TaskStats, os::MemoryPoolStats, os::DateTimeGet, os::DateTimeSet,
                os::Reset, os::McumgrParams, os::Info, os::BootloaderInfo, img::StateRead,
                img::StateWrite, img::Upload, img::Erase, img::SlotInfo, smp::stat::GroupData,
                smp::stat::List, st::Read, st::Write, st::Delete, st::Commit, st::Load, st::Save,
                fs::FileDownload, fs::FileUpload, fs::FileStatus, fs::FileHash, fs::SupportedHashes,
                fs::FileClose, smp::shell::Exec, en::Count, en::List, en::Single, en::Details,
                smp::zephyr_basic::EraseStorage>();
    keys.insert(Key{0, 0, smp::Op::read});
    return keys;
}

smp::server::DeviceConfig small_device() {
    smp::server::DeviceConfig config;
    config.slot_size = 4096;
    return config;
}

// The (group, command, op) of `groups` x commands 0..15 x {read, write} that a fresh device
// of `config` answers with anything but exactly {"rc": 8}.
std::set<Key> answered(const smp::server::DeviceConfig& config) {
    std::set<Key> keys;
    for (std::uint16_t group : {0, 1, 2, 3, 8, 9, 10, 63, 64}) {
        for (std::uint8_t command = 0; command < 16; ++command) {
            for (auto op : {smp::Op::read, smp::Op::write}) {
                smp::server::Device device(config);  // fresh: os reset and erases leave no trace
                const auto reply =
                    single_reply(device, raw_request(op, group, command, Value::object()));
                if (reply.body != Value{{"rc", 8}})
                    keys.insert(Key{group, command, op});
            }
        }
    }
    return keys;
}

TEST(ServerCommandTable, ExactlyTheCatalogsRequestsAreAnswered) {
    EXPECT_EQ(answered(small_device()), catalog());
}

TEST(ServerCommandTable, ConfigurationSwitchesTakeTheirCommandsOut) {
    auto config = small_device();
    config.memory_pool_stats = false;
    config.datetime = false;
    config.params_command = false;
    config.bootloader_info = false;
    config.image_state_write = false;
    auto expected = catalog();
    for (const auto& gone :
         keys_of<smp::os::MemoryPoolStats, smp::os::DateTimeGet, smp::os::DateTimeSet,
                 smp::os::McumgrParams, smp::os::BootloaderInfo, smp::image::StateWrite>())
        expected.erase(gone);
    EXPECT_EQ(answered(config), expected);
}

// Enumeration's handler count is one past the highest command built in (Zephyr's
// mg_handlers_count): os has 9 with bootloader info, 8 without it.
TEST(ServerCommandTable, HandlerCountEndsWithTheHighestCommandBuiltIn) {
    auto handlers_of_os = [](const smp::server::DeviceConfig& config) {
        smp::server::Device device(config);
        const auto reply = call(device, smp::enumeration::Details{.groups = {{0}}});
        return reply.body.at("groups").at(0).at("handlers").get<std::uint64_t>();
    };
    auto config = small_device();
    EXPECT_EQ(handlers_of_os(config), 9u);
    config.memory_pool_stats = false;  // a gap in the table: the count stays
    EXPECT_EQ(handlers_of_os(config), 9u);
    config.bootloader_info = false;
    EXPECT_EQ(handlers_of_os(config), 8u);
}

}  // namespace
