// SPDX-License-Identifier: Apache-2.0
#pragma once
// Statistics management, group 2 (Zephyr smp_group_2.rst, stat_mgmt.c; shared/protocol.md §4.2).
#include <smp/protocol/message.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace smp::stat {

struct GroupDataResponse {
    std::string name{};
    std::map<std::string, std::uint64_t> fields{};  ///< entry name -> counter value
    Extra extra{};                                  ///< older Zephyr adds "rc": 0 here
    friend bool operator==(const GroupDataResponse&, const GroupDataResponse&) = default;
};
/// Group data (0, read), "stat show": the counters of one statistics group.
struct GroupData {
    static constexpr Group group = Group::stat;
    static constexpr std::uint8_t command = 0;
    static constexpr Op op = Op::read;
    using Response = GroupDataResponse;
    std::string name{};
    friend bool operator==(const GroupData&, const GroupData&) = default;
};

struct ListResponse {
    std::vector<std::string> stat_list{};  ///< may be empty
    Extra extra{};
    friend bool operator==(const ListResponse&, const ListResponse&) = default;
};
/// List groups (1, read): the names of the statistics groups.
struct List {
    static constexpr Group group = Group::stat;
    static constexpr std::uint8_t command = 1;
    static constexpr Op op = Op::read;
    using Response = ListResponse;
    friend bool operator==(const List&, const List&) = default;
};

}  // namespace smp::stat
