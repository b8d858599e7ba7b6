// SPDX-License-Identifier: Apache-2.0
#pragma once
// Statistics management, group 2 (Zephyr smp_group_2.rst, stat_mgmt.c; shared/protocol.md §4.2).
#include <smp/protocol/message.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

/// Statistics management, group 2: the device's named counter groups.
namespace smp::stat {

/// Answer to GroupData.
struct GroupDataResponse {
    std::string name{};                             ///< the statistics group's name, as requested
    std::map<std::string, std::uint64_t> fields{};  ///< entry name -> counter value
    Extra extra{};                                  ///< older Zephyr adds "rc": 0 here
    /// Field-by-field equality.
    friend bool operator==(const GroupDataResponse&, const GroupDataResponse&) = default;
};
/// Group data (0, read), "stat show": the counters of one statistics group.
struct GroupData {
    static constexpr Group group = Group::stat;  ///< header group id: statistics (2)
    static constexpr std::uint8_t command = 0;   ///< header command id
    static constexpr Op op = Op::read;           ///< header op of the request (read)
    using Response = GroupDataResponse;          ///< payload type of the device's answer
    std::string name{};                          ///< statistics group name, as List returns it
    /// Field-by-field equality.
    friend bool operator==(const GroupData&, const GroupData&) = default;
};

/// Answer to List.
struct ListResponse {
    std::vector<std::string> stat_list{};  ///< may be empty
    Extra extra{};                         ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const ListResponse&, const ListResponse&) = default;
};
/// List groups (1, read): the names of the statistics groups.
struct List {
    static constexpr Group group = Group::stat;  ///< header group id: statistics (2)
    static constexpr std::uint8_t command = 1;   ///< header command id
    static constexpr Op op = Op::read;           ///< header op of the request (read)
    using Response = ListResponse;               ///< payload type of the device's answer
    /// Field-by-field equality.
    friend bool operator==(const List&, const List&) = default;
};

}  // namespace smp::stat
