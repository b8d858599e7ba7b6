// SPDX-License-Identifier: Apache-2.0
#pragma once
// Enumeration management, group 10 (Zephyr smp_group_10.rst, enum_mgmt.c;
// shared/protocol.md §4.6): which management groups a device supports. All reads.
#include <smp/protocol/message.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/// Enumeration management, group 10: which groups a device supports.
namespace smp::enumeration {

/// Answer to Count.
struct CountResponse {
    std::uint64_t count = 0;  ///< number of registered groups
    Extra extra{};            ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const CountResponse&, const CountResponse&) = default;
};
/// Count (0): how many groups are registered.
struct Count {
    static constexpr Group group = Group::enumeration;  ///< header group id: enumeration (10)
    static constexpr std::uint8_t command = 0;          ///< header command id
    static constexpr Op op = Op::read;                  ///< header op of the request (read)
    using Response = CountResponse;                     ///< payload type of the device's answer
    /// Field-by-field equality.
    friend bool operator==(const Count&, const Count&) = default;
};

/// Answer to List.
struct ListResponse {
    std::vector<std::uint16_t> groups{};  ///< group ids
    Extra extra{};                        ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const ListResponse&, const ListResponse&) = default;
};
/// List (1): the ids of all registered groups.
struct List {
    static constexpr Group group = Group::enumeration;  ///< header group id: enumeration (10)
    static constexpr std::uint8_t command = 1;          ///< header command id
    static constexpr Op op = Op::read;                  ///< header op of the request (read)
    using Response = ListResponse;                      ///< payload type of the device's answer
    /// Field-by-field equality.
    friend bool operator==(const List&, const List&) = default;
};

/// Answer to Single.
struct SingleResponse {
    std::uint16_t group = 0;    ///< id of the group at the requested index
    std::optional<bool> end{};  ///< true on the last group
    Extra extra{};              ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const SingleResponse&, const SingleResponse&) = default;
};
/// Single (2): the group id at `index` (0 when absent), for devices with small buffers.
struct Single {
    static constexpr Group group = Group::enumeration;  ///< header group id: enumeration (10)
    static constexpr std::uint8_t command = 2;          ///< header command id
    static constexpr Op op = Op::read;                  ///< header op of the request (read)
    using Response = SingleResponse;                    ///< payload type of the device's answer
    std::optional<std::uint64_t> index{};               ///< position in the device's group list
    /// Field-by-field equality.
    friend bool operator==(const Single&, const Single&) = default;
};

/// One group in the Details answer.
struct GroupDetails {
    std::uint16_t group = 0;                  ///< the group's id
    std::optional<std::string> name{};        ///< group name, when the device has names
    std::optional<std::uint64_t> handlers{};  ///< number of command handlers
    Extra extra{};                            ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const GroupDetails&, const GroupDetails&) = default;
};
/// Answer to Details.
struct DetailsResponse {
    std::vector<GroupDetails> groups{};  ///< one entry per group described
    Extra extra{};                       ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const DetailsResponse&, const DetailsResponse&) = default;
};
/// Details (3, optional on the device): name and handler count of the given groups (all
/// groups when absent).
struct Details {
    static constexpr Group group = Group::enumeration;   ///< header group id: enumeration (10)
    static constexpr std::uint8_t command = 3;           ///< header command id
    static constexpr Op op = Op::read;                   ///< header op of the request (read)
    using Response = DetailsResponse;                    ///< payload type of the device's answer
    std::optional<std::vector<std::uint16_t>> groups{};  ///< ids of the groups to describe
    /// Field-by-field equality.
    friend bool operator==(const Details&, const Details&) = default;
};

}  // namespace smp::enumeration
