// SPDX-License-Identifier: Apache-2.0
// Every command of os, stat, settings, shell, enum and Zephyr basic that the real servers
// build in, through the library, with the answers checked (and the groups a build leaves out
// refused as not supported): on the UDP builds, the native_sim UART builds (encoded, raw, the
// shell transport) and a Zephyr + MCUboot application on an emulated Cortex-M3. The file
// system group has its own file (fs_udp_test.cpp).
#include "real_server_test.hpp"

#include <smp/protocol/error.hpp>
#include <smp/protocol/messages/enumeration.hpp>
#include <smp/protocol/messages/os.hpp>
#include <smp/protocol/messages/settings.hpp>
#include <smp/protocol/messages/shell.hpp>
#include <smp/protocol/messages/stat.hpp>
#include <smp/protocol/messages/zephyr_basic.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace smp_zephyr {
namespace {

template <class T>
void expect_device_error(const smp::Result<T>& answer, std::error_code code) {
    ASSERT_FALSE(answer) << "the device accepted it";
    EXPECT_TRUE(answer.error().device.has_value()) << answer.error().message();
    EXPECT_EQ(answer.error().code, code) << answer.error().message();
}

using Groups = RealServerTest;

TEST_P(Groups, OsEchoReturnsTheText) {
    const smp::os::Echo echo{.d = "hello, " + spec().config};
    EXPECT_EQ(ok(echo).r, echo.d);
}

TEST_P(Groups, OsParamsAreTheBuildsBuffers) {
    if (spec().config == "serial_noparams") {
        expect_device_error(client_->request(smp::os::McumgrParams{}), smp::Rc::not_supported);
        EXPECT_FALSE(client_->params().from_device);
        return;
    }
    const auto params = ok(smp::os::McumgrParams{});
    EXPECT_EQ(params.buf_size, spec().buf_size);
    EXPECT_EQ(params.buf_count, spec().buf_count);
    EXPECT_TRUE(client_->params().from_device);
    EXPECT_EQ(client_->params().buf_size, spec().buf_size);
}

// The builds with thread names (and stack sentinels) name the idle and SMP threads and report
// stack use; the lean buffer builds have neither: Zephyr then keys each thread by its priority
// and sends no stack fields.
bool names_threads(const FixtureSpec& spec) {
    const bool lean = spec.config == "udp6" || spec.config == "serial_fs" ||
                      spec.config == "serial_noparams" || spec.config == "serial_line512" ||
                      spec.config.starts_with("serial_buf");
    return !lean;
}

TEST_P(Groups, OsTaskStatsListTheSmpWorkQueueAndIdleThreads) {
    const auto stats = ok(smp::os::TaskStats{});
    const std::string idle = names_threads(spec()) ? "idle" : "15";
    const std::string smp_queue = names_threads(spec()) ? "mcumgr smp" : "3";
    ASSERT_TRUE(stats.tasks.contains(idle)) << stats.tasks.size() << " threads";
    ASSERT_TRUE(stats.tasks.contains(smp_queue));
    EXPECT_EQ(stats.tasks.at(idle).prio, 15);  // the lowest preemptible priority of smp_svr
    EXPECT_EQ(stats.tasks.at(smp_queue).prio, 3);
    for (const auto& [name, task] : stats.tasks) {
        if (!names_threads(spec())) {
            EXPECT_EQ(name, std::to_string(task.prio));
            EXPECT_FALSE(task.stksiz.has_value()) << name;
            continue;
        }
        ASSERT_TRUE(task.stksiz && task.stkuse) << name;
        EXPECT_LE(*task.stkuse, *task.stksiz) << name;
    }
}

TEST_P(Groups, OsInfoNamesZephyr440AndTheBoard) {
    EXPECT_EQ(ok(smp::os::Info{}).output, "Zephyr");
    const auto all = ok(smp::os::Info{.format = "a"}).output;
    EXPECT_TRUE(all.starts_with("Zephyr ")) << all;
    EXPECT_NE(all.find(" 4.4.0 "), std::string::npos) << all;
    const std::string board = spec().target == "native_sim" ? "native_sim" : "mps2/an385";
    EXPECT_NE(all.find(board), std::string::npos) << all;
}

TEST_P(Groups, OsCommandsTheSampleLeavesOutAreNotSupported) {
    // smp_svr builds neither memory pool statistics, the RTC date-time nor bootloader info.
    expect_device_error(client_->request(smp::os::MemoryPoolStats{}), smp::Rc::not_supported);
    expect_device_error(client_->request(smp::os::DateTimeGet{}), smp::Rc::not_supported);
    expect_device_error(client_->request(smp::os::BootloaderInfo{}), smp::Rc::not_supported);
}

TEST_P(Groups, StatListsTheSampleGroupsAndReadsTheirCounters) {
    const auto list = ok(smp::stat::List{});
    const std::set<std::string> names(list.stat_list.begin(), list.stat_list.end());
    // The flash simulator's counters exist where the build has a flash partition (the
    // builds with a file system); the sample's own group everywhere.
    std::set<std::string> expected{"smp_svr_stats"};
    if (spec().has_group("fs"))
        expected.insert({"flash_sim_stats", "flash_sim_thresholds"});
    EXPECT_EQ(names, expected);
    const auto sample = ok(smp::stat::GroupData{.name = "smp_svr_stats"});
    EXPECT_EQ(sample.name, "smp_svr_stats");
    EXPECT_TRUE(sample.fields.contains("ticks"));
    // Zephyr 4.4 answers an unknown group with INVALID_STAT_NAME (3), not INVALID_GROUP.
    expect_device_error(client_->request(smp::stat::GroupData{.name = "no_such_group"}),
                        smp::StatError::invalid_stat_name);
}

TEST_P(Groups, SettingsCommitAndLoadWorkWhileSaveAndUnknownKeysAreRefused) {
    if (!spec().has_group("settings")) {
        expect_device_error(client_->request(smp::settings::Commit{}), smp::Rc::not_supported);
        return;
    }
    ok(smp::settings::Commit{});
    ok(smp::settings::Load{});
    expect_device_error(client_->request(smp::settings::Save{}),
                        smp::SettingsError::save_not_supported);
    // smp_svr registers no settings handler: every key's root is unknown.
    expect_device_error(client_->request(smp::settings::Read{.name = "app/key"}),
                        smp::SettingsError::root_key_not_found);
    expect_device_error(client_->request(smp::settings::Write{.name = "app/key", .val = {1, 2}}),
                        smp::SettingsError::root_key_not_found);
    // ... but deleting names the key, not its root.
    expect_device_error(client_->request(smp::settings::Delete{.name = "app/key"}),
                        smp::SettingsError::key_not_found);
}

TEST_P(Groups, ShellExecRunsAShellCommand) {
    if (!spec().has_group("shell")) {
        expect_device_error(client_->request(smp::shell::Exec{.argv = {"kernel", "version"}}),
                            smp::Rc::not_supported);
        return;
    }
    const auto version = ok(smp::shell::Exec{.argv = {"kernel", "version"}});
    EXPECT_NE(version.o.find("Zephyr version 4.4.0"), std::string::npos) << version.o;
    EXPECT_EQ(version.return_code(), 0);
    const auto unknown = ok(smp::shell::Exec{.argv = {"no_such_command"}});
    EXPECT_NE(unknown.return_code(), 0);
    EXPECT_NE(unknown.o.find("command not found"), std::string::npos) << unknown.o;
}

TEST_P(Groups, EnumListsExactlyTheGroupsTheBuildHas) {
    const auto expected = registered_groups(spec());
    EXPECT_EQ(ok(smp::enumeration::Count{}).count, expected.size());
    const auto list = ok(smp::enumeration::List{});
    EXPECT_EQ(std::set<std::uint16_t>(list.groups.begin(), list.groups.end()), expected);
    std::set<std::uint16_t> walked;
    for (std::uint64_t i = 0; i < expected.size(); ++i) {
        const auto single = ok(smp::enumeration::Single{.index = i});
        walked.insert(single.group);
        EXPECT_EQ(single.end.value_or(false), i + 1 == expected.size()) << i;
    }
    EXPECT_EQ(walked, expected);
    const auto details = ok(smp::enumeration::Details{});
    ASSERT_EQ(details.groups.size(), expected.size());
    for (const auto& group : details.groups) {
        EXPECT_TRUE(group.handlers && *group.handlers > 0) << group.group;
        if (group.group == 0) {
            EXPECT_EQ(group.name, "os mgmt");
        }
    }
}

TEST_P(Groups, ZephyrBasicErasesTheStoragePartitionWhereTheBuildHasIt) {
    if (!registered_groups(spec()).contains(63)) {
        expect_device_error(client_->request(smp::zephyr_basic::EraseStorage{}),
                            smp::Rc::not_supported);
        return;
    }
    ok(smp::zephyr_basic::EraseStorage{});
    EXPECT_EQ(ok(smp::os::Echo{.d = "still here"}).r, "still here");
}

TEST_P(Groups, AnUnknownGroupIsNotSupported) {
    smp::RawRequest request{.group = 0x4321, .command = 0, .op = smp::Op::read, .payload = {0xa0}};
    auto answer = client_->request_raw(request);
    ASSERT_TRUE(answer) << answer.error().message();
    const auto decoded = smp::decode_response<smp::os::EchoResponse>(answer->payload);
    expect_device_error(decoded, smp::Rc::not_supported);
}

// The UDP build, the encoded and raw UART builds (native_sim) and the Zephyr 4.4 application
// with MCUboot on the emulated mps2 (reached over QEMU's TCP UART).
// Every build the fixtures have: a group a build lacks must be refused as not supported.
INSTANTIATE_TEST_SUITE_P(Udp, Groups, ::testing::Values("udp", "udp6"), config_name);
INSTANTIATE_TEST_SUITE_P(Uart, Groups,
                         ::testing::Values("serial", "serial_raw", "serial_bigrx", "serial_fs",
                                           "serial_noparams", "serial_buf512", "shell"),
                         config_name);
INSTANTIATE_TEST_SUITE_P(Mps2, Groups, ::testing::Values("serial_recovery_buf1024"), config_name);

}  // namespace
}  // namespace smp_zephyr
