// SPDX-License-Identifier: Apache-2.0
#pragma once
// OS management, group 0 (Zephyr smp_group_0.rst, os_mgmt.c; shared/protocol.md §4.0).
#include <smp/protocol/message.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

/// OS management, group 0: echo, reset, task and memory statistics, parameters, info.
namespace smp::os {

/// Answer to Echo.
struct EchoResponse {
    std::string r{};  ///< key "r": the text of the request's "d", sent back unchanged
    Extra extra{};    ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const EchoResponse&, const EchoResponse&) = default;
};
/// Echo (0): the device answers with the same string.
struct Echo {
    static constexpr Group group = Group::os;   ///< header group id: OS management (0)
    static constexpr std::uint8_t command = 0;  ///< header command id
    static constexpr Op op = Op::write;         ///< header op of the request (write)
    using Response = EchoResponse;              ///< payload type of the device's answer
    std::string d{};                            ///< key "d": text the device should send back
    /// Field-by-field equality.
    friend bool operator==(const Echo&, const Echo&) = default;
};

/// Answer to ConsoleEcho: nothing beyond success.
struct ConsoleEchoResponse {
    Extra extra{};  ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const ConsoleEchoResponse&, const ConsoleEchoResponse&) = default;
};
/// Console echo control (1): Zephyr answers ENOTSUP, MCUboot answers success.
struct ConsoleEcho {
    static constexpr Group group = Group::os;   ///< header group id: OS management (0)
    static constexpr std::uint8_t command = 1;  ///< header command id
    static constexpr Op op = Op::write;         ///< header op of the request (write)
    using Response = ConsoleEchoResponse;       ///< payload type of the device's answer
    /// Key "echo": non-zero turns the serial console's echo on, 0 turns it off.
    std::int64_t echo = 0;
    /// Field-by-field equality.
    friend bool operator==(const ConsoleEcho&, const ConsoleEcho&) = default;
};

/// Statistics of one thread, as Zephyr's os_mgmt reports it (one entry of "tasks").
struct TaskInfo {
    /// Key "prio": scheduling priority (negative for cooperative Zephyr threads).
    std::int64_t prio = 0;
    std::uint64_t tid = 0;    ///< key "tid": numeric thread id
    std::uint64_t state = 0;  ///< key "state": Zephyr thread state bits (_THREAD_* flags)
    std::optional<std::uint64_t> stksiz{};  ///< in 4-byte words
    std::optional<std::uint64_t> stkuse{};  ///< in 4-byte words
    /// Key "runtime": time the thread has run, in kernel ticks or cycles.
    std::optional<std::uint64_t> runtime{};
    std::optional<std::uint64_t> cswcnt{};  ///< key "cswcnt": context switch count (Zephyr sends 0)
    /// Key "last_checkin": legacy watchdog check-in (Zephyr sends 0).
    std::optional<std::uint64_t> last_checkin{};
    /// Key "next_checkin": legacy watchdog check-in (Zephyr sends 0).
    std::optional<std::uint64_t> next_checkin{};
    Extra extra{};  ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const TaskInfo&, const TaskInfo&) = default;
};
/// Answer to TaskStats.
struct TaskStatsResponse {
    std::map<std::string, TaskInfo> tasks{};  ///< key "tasks": thread name -> its statistics
    Extra extra{};                            ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const TaskStatsResponse&, const TaskStatsResponse&) = default;
};
/// Task statistics (2).
struct TaskStats {
    static constexpr Group group = Group::os;   ///< header group id: OS management (0)
    static constexpr std::uint8_t command = 2;  ///< header command id
    static constexpr Op op = Op::read;          ///< header op of the request (read)
    using Response = TaskStatsResponse;         ///< payload type of the device's answer
    /// Field-by-field equality.
    friend bool operator==(const TaskStats&, const TaskStats&) = default;
};

/// Statistics of one memory pool (a value of MemoryPoolStatsResponse::pools).
struct MemoryPool {
    std::uint64_t blksiz = 0;  ///< key "blksiz": size of one block, in bytes
    std::uint64_t nblks = 0;   ///< key "nblks": number of blocks in the pool
    std::uint64_t nfree = 0;   ///< key "nfree": blocks free now
    /// Key "min": fewest free blocks seen since boot (low-water mark).
    std::optional<std::uint64_t> min{};
    Extra extra{};  ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const MemoryPool&, const MemoryPool&) = default;
};
/// The response is a map of pool name to statistics, at the top level.
struct MemoryPoolStatsResponse {
    /// Pool name -> statistics; on the wire each name is a top-level key.
    std::map<std::string, MemoryPool> pools{};
    /// Field-by-field equality.
    friend bool operator==(const MemoryPoolStatsResponse&,
                           const MemoryPoolStatsResponse&) = default;
};
/// Memory pool statistics (3).
struct MemoryPoolStats {
    static constexpr Group group = Group::os;   ///< header group id: OS management (0)
    static constexpr std::uint8_t command = 3;  ///< header command id
    static constexpr Op op = Op::read;          ///< header op of the request (read)
    using Response = MemoryPoolStatsResponse;   ///< payload type of the device's answer
    /// Field-by-field equality.
    friend bool operator==(const MemoryPoolStats&, const MemoryPoolStats&) = default;
};

/// Answer to DateTimeGet: the device's real-time clock.
struct DateTimeGetResponse {
    std::string datetime{};  ///< "YYYY-MM-DDTHH:MM:SS[.mmm]", no time zone
    Extra extra{};           ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const DateTimeGetResponse&, const DateTimeGetResponse&) = default;
};
/// Date-time get (4, read).
struct DateTimeGet {
    static constexpr Group group = Group::os;   ///< header group id: OS management (0)
    static constexpr std::uint8_t command = 4;  ///< header command id
    static constexpr Op op = Op::read;          ///< header op of the request (read)
    using Response = DateTimeGetResponse;       ///< payload type of the device's answer
    /// Field-by-field equality.
    friend bool operator==(const DateTimeGet&, const DateTimeGet&) = default;
};

/// Answer to DateTimeSet: nothing beyond success.
struct DateTimeSetResponse {
    Extra extra{};  ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const DateTimeSetResponse&, const DateTimeSetResponse&) = default;
};
/// Date-time set (4, write).
struct DateTimeSet {
    static constexpr Group group = Group::os;   ///< header group id: OS management (0)
    static constexpr std::uint8_t command = 4;  ///< header command id
    static constexpr Op op = Op::write;         ///< header op of the request (write)
    using Response = DateTimeSetResponse;       ///< payload type of the device's answer
    std::string datetime{};  ///< new clock value, in the form DateTimeGetResponse::datetime has
    /// Field-by-field equality.
    friend bool operator==(const DateTimeSet&, const DateTimeSet&) = default;
};

/// Answer to Reset, sent before the device reboots.
struct ResetResponse {
    Extra extra{};  ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const ResetResponse&, const ResetResponse&) = default;
};
/// System reset (5). The device answers first and reboots about 250 ms later.
struct Reset {
    static constexpr Group group = Group::os;   ///< header group id: OS management (0)
    static constexpr std::uint8_t command = 5;  ///< header command id
    static constexpr Op op = Op::write;         ///< header op of the request (write)
    using Response = ResetResponse;             ///< payload type of the device's answer
    /// Key "force": reset even when an application hook would refuse it.
    std::optional<bool> force{};
    std::optional<std::uint8_t> boot_mode{};  ///< 0 normal, 1 bootloader (serial recovery)
    /// Field-by-field equality.
    friend bool operator==(const Reset&, const Reset&) = default;
};

/// Answer to McumgrParams: how large a request the device can take.
struct McumgrParamsResponse {
    std::uint64_t buf_size = 0;   ///< includes the 8-byte SMP header
    std::uint64_t buf_count = 0;  ///< number of such buffers (requests the device can hold at once)
    Extra extra{};                ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const McumgrParamsResponse&, const McumgrParamsResponse&) = default;
};
/// MCUmgr parameters (6): the device's SMP buffer size and count.
struct McumgrParams {
    static constexpr Group group = Group::os;   ///< header group id: OS management (0)
    static constexpr std::uint8_t command = 6;  ///< header command id
    static constexpr Op op = Op::read;          ///< header op of the request (read)
    using Response = McumgrParamsResponse;      ///< payload type of the device's answer
    /// Field-by-field equality.
    friend bool operator==(const McumgrParams&, const McumgrParams&) = default;
};

/// Answer to Info.
struct InfoResponse {
    std::string output{};  ///< the selected fields, separated by spaces (like uname)
    Extra extra{};         ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const InfoResponse&, const InfoResponse&) = default;
};
/// OS/application information (7). Format letters: s n r v b m p i o, or a for all.
struct Info {
    static constexpr Group group = Group::os;   ///< header group id: OS management (0)
    static constexpr std::uint8_t command = 7;  ///< header command id
    static constexpr Op op = Op::read;          ///< header op of the request (read)
    using Response = InfoResponse;              ///< payload type of the device's answer
    /// Key "format": letters selecting the fields; the device picks "s" when absent.
    std::optional<std::string> format{};
    /// Field-by-field equality.
    friend bool operator==(const Info&, const Info&) = default;
};

/// Answer to BootloaderInfo; which key is set depends on the query.
struct BootloaderInfoResponse {
    std::optional<std::string> bootloader{};  ///< "MCUboot" when no query was given
    std::optional<std::int64_t> mode{};       ///< MCUboot mode, for query "mode"
    std::optional<bool> no_downgrade{};       ///< key "no-downgrade"
    Extra extra{};                            ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const BootloaderInfoResponse&, const BootloaderInfoResponse&) = default;
};
/// Bootloader information (8).
struct BootloaderInfo {
    static constexpr Group group = Group::os;   ///< header group id: OS management (0)
    static constexpr std::uint8_t command = 8;  ///< header command id
    static constexpr Op op = Op::read;          ///< header op of the request (read)
    using Response = BootloaderInfoResponse;    ///< payload type of the device's answer
    /// Key "query": absent asks the bootloader's name, "mode" its MCUboot mode.
    std::optional<std::string> query{};
    /// Field-by-field equality.
    friend bool operator==(const BootloaderInfo&, const BootloaderInfo&) = default;
};

/// MCUboot modes reported by BootloaderInfo{.query = "mode"} (boot_status.h).
enum class McubootMode : std::int8_t {
    unknown = -1,
    single_slot = 0,
    swap_using_scratch = 1,
    overwrite_only = 2,
    swap_using_move = 3,
    direct_xip = 4,
    direct_xip_with_revert = 5,
    ram_load = 6,
    firmware_loader = 7,
    single_slot_ram_load = 8,
    swap_using_offset = 9,
};

}  // namespace smp::os
