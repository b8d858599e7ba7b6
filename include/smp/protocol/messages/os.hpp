// SPDX-License-Identifier: Apache-2.0
#pragma once
// OS management, group 0 (Zephyr smp_group_0.rst, os_mgmt.c; shared/protocol.md §4.0).
#include <smp/protocol/message.hpp>
#include <smp/protocol/messages/mcuboot_mode.hpp>  // McubootMode, the "mode" answer

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace smp::os {

struct EchoResponse {
    std::string r{};
    Extra extra{};
    friend bool operator==(const EchoResponse&, const EchoResponse&) = default;
};
/// Echo (0): the device answers with the same string.
struct Echo {
    static constexpr Group group = Group::os;
    static constexpr std::uint8_t command = 0;
    static constexpr Op op = Op::write;
    using Response = EchoResponse;
    std::string d{};
    friend bool operator==(const Echo&, const Echo&) = default;
};

struct ConsoleEchoResponse {
    Extra extra{};
    friend bool operator==(const ConsoleEchoResponse&, const ConsoleEchoResponse&) = default;
};
/// Console echo control (1): Zephyr answers ENOTSUP, MCUboot answers success.
struct ConsoleEcho {
    static constexpr Group group = Group::os;
    static constexpr std::uint8_t command = 1;
    static constexpr Op op = Op::write;
    using Response = ConsoleEchoResponse;
    std::int64_t echo = 0;
    friend bool operator==(const ConsoleEcho&, const ConsoleEcho&) = default;
};

struct TaskInfo {
    std::int64_t prio = 0;
    std::uint64_t tid = 0;
    std::uint64_t state = 0;
    std::optional<std::uint64_t> stksiz{};  ///< in 4-byte words
    std::optional<std::uint64_t> stkuse{};  ///< in 4-byte words
    std::optional<std::uint64_t> runtime{};
    std::optional<std::uint64_t> cswcnt{};
    std::optional<std::uint64_t> last_checkin{};
    std::optional<std::uint64_t> next_checkin{};
    Extra extra{};
    friend bool operator==(const TaskInfo&, const TaskInfo&) = default;
};
struct TaskStatsResponse {
    std::map<std::string, TaskInfo> tasks{};
    Extra extra{};
    friend bool operator==(const TaskStatsResponse&, const TaskStatsResponse&) = default;
};
/// Task statistics (2).
struct TaskStats {
    static constexpr Group group = Group::os;
    static constexpr std::uint8_t command = 2;
    static constexpr Op op = Op::read;
    using Response = TaskStatsResponse;
    friend bool operator==(const TaskStats&, const TaskStats&) = default;
};

struct MemoryPool {
    std::uint64_t blksiz = 0;
    std::uint64_t nblks = 0;
    std::uint64_t nfree = 0;
    std::optional<std::uint64_t> min{};
    Extra extra{};
    friend bool operator==(const MemoryPool&, const MemoryPool&) = default;
};
/// The response is a map of pool name to statistics, at the top level.
struct MemoryPoolStatsResponse {
    std::map<std::string, MemoryPool> pools{};
    friend bool operator==(const MemoryPoolStatsResponse&,
                           const MemoryPoolStatsResponse&) = default;
};
/// Memory pool statistics (3).
struct MemoryPoolStats {
    static constexpr Group group = Group::os;
    static constexpr std::uint8_t command = 3;
    static constexpr Op op = Op::read;
    using Response = MemoryPoolStatsResponse;
    friend bool operator==(const MemoryPoolStats&, const MemoryPoolStats&) = default;
};

struct DateTimeGetResponse {
    std::string datetime{};  ///< "YYYY-MM-DDTHH:MM:SS[.mmm]", no time zone
    Extra extra{};
    friend bool operator==(const DateTimeGetResponse&, const DateTimeGetResponse&) = default;
};
/// Date-time get (4, read).
struct DateTimeGet {
    static constexpr Group group = Group::os;
    static constexpr std::uint8_t command = 4;
    static constexpr Op op = Op::read;
    using Response = DateTimeGetResponse;
    friend bool operator==(const DateTimeGet&, const DateTimeGet&) = default;
};

struct DateTimeSetResponse {
    Extra extra{};
    friend bool operator==(const DateTimeSetResponse&, const DateTimeSetResponse&) = default;
};
/// Date-time set (4, write).
struct DateTimeSet {
    static constexpr Group group = Group::os;
    static constexpr std::uint8_t command = 4;
    static constexpr Op op = Op::write;
    using Response = DateTimeSetResponse;
    std::string datetime{};
    friend bool operator==(const DateTimeSet&, const DateTimeSet&) = default;
};

struct ResetResponse {
    Extra extra{};
    friend bool operator==(const ResetResponse&, const ResetResponse&) = default;
};
/// System reset (5). The device answers first and reboots about 250 ms later.
struct Reset {
    static constexpr Group group = Group::os;
    static constexpr std::uint8_t command = 5;
    static constexpr Op op = Op::write;
    using Response = ResetResponse;
    std::optional<bool> force{};
    std::optional<std::uint8_t> boot_mode{};  ///< 0 normal, 1 bootloader (serial recovery)
    friend bool operator==(const Reset&, const Reset&) = default;
};

struct McumgrParamsResponse {
    std::uint64_t buf_size = 0;  ///< includes the 8-byte SMP header
    std::uint64_t buf_count = 0;
    Extra extra{};
    friend bool operator==(const McumgrParamsResponse&, const McumgrParamsResponse&) = default;
};
/// MCUmgr parameters (6): the device's SMP buffer size and count.
struct McumgrParams {
    static constexpr Group group = Group::os;
    static constexpr std::uint8_t command = 6;
    static constexpr Op op = Op::read;
    using Response = McumgrParamsResponse;
    friend bool operator==(const McumgrParams&, const McumgrParams&) = default;
};

struct InfoResponse {
    std::string output{};
    Extra extra{};
    friend bool operator==(const InfoResponse&, const InfoResponse&) = default;
};
/// OS/application information (7). Format letters: s n r v b m p i o, or a for all.
struct Info {
    static constexpr Group group = Group::os;
    static constexpr std::uint8_t command = 7;
    static constexpr Op op = Op::read;
    using Response = InfoResponse;
    std::optional<std::string> format{};
    friend bool operator==(const Info&, const Info&) = default;
};

struct BootloaderInfoResponse {
    std::optional<std::string> bootloader{};  ///< "MCUboot" when no query was given
    std::optional<std::int64_t> mode{};       ///< MCUboot mode, for query "mode"
    std::optional<bool> no_downgrade{};       ///< key "no-downgrade"
    Extra extra{};
    friend bool operator==(const BootloaderInfoResponse&, const BootloaderInfoResponse&) = default;
};
/// Bootloader information (8).
struct BootloaderInfo {
    static constexpr Group group = Group::os;
    static constexpr std::uint8_t command = 8;
    static constexpr Op op = Op::read;
    using Response = BootloaderInfoResponse;
    std::optional<std::string> query{};
    friend bool operator==(const BootloaderInfo&, const BootloaderInfo&) = default;
};

}  // namespace smp::os
