// SPDX-License-Identifier: Apache-2.0
#pragma once
// Zephyr basic management, group 63 (Zephyr smp_group_63.rst, basic_mgmt.c;
// shared/protocol.md §4.8; MCUboot serial recovery implements it too, §7).
#include <smp/protocol/message.hpp>

#include <cstdint>

/// Zephyr basic management, group 63: erase the storage partition.
namespace smp::zephyr_basic {

/// Answer to EraseStorage: nothing beyond success.
struct EraseStorageResponse {
    Extra extra{};  ///< MCUboot adds "rc": 0
    /// Field-by-field equality.
    friend bool operator==(const EraseStorageResponse&, const EraseStorageResponse&) = default;
};
/// Erase storage (0, write): erases the storage_partition (settings, file system).
struct EraseStorage {
    static constexpr Group group = Group::zephyr_basic;  ///< header group id: Zephyr basic (63)
    static constexpr std::uint8_t command = 0;           ///< header command id
    static constexpr Op op = Op::write;                  ///< header op of the request (write)
    using Response = EraseStorageResponse;               ///< payload type of the device's answer
    /// Field-by-field equality.
    friend bool operator==(const EraseStorage&, const EraseStorage&) = default;
};

}  // namespace smp::zephyr_basic
