// SPDX-License-Identifier: Apache-2.0
#pragma once
// Enumeration management, group 10 (Zephyr smp_group_10.rst, enum_mgmt.c;
// shared/protocol.md §4.6): which management groups a device supports. All reads.
#include <smp/protocol/message.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace smp::enumeration {

struct CountResponse {
    std::uint64_t count = 0;  ///< number of registered groups
    Extra extra{};
    friend bool operator==(const CountResponse&, const CountResponse&) = default;
};
/// Count (0): how many groups are registered.
struct Count {
    static constexpr Group group = Group::enumeration;
    static constexpr std::uint8_t command = 0;
    static constexpr Op op = Op::read;
    using Response = CountResponse;
    friend bool operator==(const Count&, const Count&) = default;
};

struct ListResponse {
    std::vector<std::uint16_t> groups{};  ///< group ids
    Extra extra{};
    friend bool operator==(const ListResponse&, const ListResponse&) = default;
};
/// List (1): the ids of all registered groups.
struct List {
    static constexpr Group group = Group::enumeration;
    static constexpr std::uint8_t command = 1;
    static constexpr Op op = Op::read;
    using Response = ListResponse;
    friend bool operator==(const List&, const List&) = default;
};

struct SingleResponse {
    std::uint16_t group = 0;
    std::optional<bool> end{};  ///< true on the last group
    Extra extra{};
    friend bool operator==(const SingleResponse&, const SingleResponse&) = default;
};
/// Single (2): the group id at `index` (0 when absent), for devices with small buffers.
struct Single {
    static constexpr Group group = Group::enumeration;
    static constexpr std::uint8_t command = 2;
    static constexpr Op op = Op::read;
    using Response = SingleResponse;
    std::optional<std::uint64_t> index{};
    friend bool operator==(const Single&, const Single&) = default;
};

struct GroupDetails {
    std::uint16_t group = 0;
    std::optional<std::string> name{};        ///< group name, when the device has names
    std::optional<std::uint64_t> handlers{};  ///< number of command handlers
    Extra extra{};
    friend bool operator==(const GroupDetails&, const GroupDetails&) = default;
};
struct DetailsResponse {
    std::vector<GroupDetails> groups{};
    Extra extra{};
    friend bool operator==(const DetailsResponse&, const DetailsResponse&) = default;
};
/// Details (3, optional on the device): name and handler count of the given groups (all
/// groups when absent).
struct Details {
    static constexpr Group group = Group::enumeration;
    static constexpr std::uint8_t command = 3;
    static constexpr Op op = Op::read;
    using Response = DetailsResponse;
    std::optional<std::vector<std::uint16_t>> groups{};
    friend bool operator==(const Details&, const Details&) = default;
};

}  // namespace smp::enumeration
