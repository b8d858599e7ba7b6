// SPDX-License-Identifier: Apache-2.0
#pragma once
// Zephyr basic management, group 63 (Zephyr smp_group_63.rst, basic_mgmt.c;
// shared/protocol.md §4.8; MCUboot serial recovery implements it too, §7).
#include <smp/protocol/message.hpp>

#include <cstdint>

namespace smp::zephyr_basic {

struct EraseStorageResponse {
    Extra extra{};  ///< MCUboot adds "rc": 0
    friend bool operator==(const EraseStorageResponse&, const EraseStorageResponse&) = default;
};
/// Erase storage (0, write): erases the storage_partition (settings, file system).
struct EraseStorage {
    static constexpr Group group = Group::zephyr_basic;
    static constexpr std::uint8_t command = 0;
    static constexpr Op op = Op::write;
    using Response = EraseStorageResponse;
    friend bool operator==(const EraseStorage&, const EraseStorage&) = default;
};

}  // namespace smp::zephyr_basic
