// SPDX-License-Identifier: Apache-2.0
#pragma once
// The name and message tables behind the error categories (src/protocol/error_category.cpp)
// and the name functions of smp/protocol/error.hpp: one table per error enum, indexed by value.
#include <cstdint>
#include <span>
#include <string_view>

namespace smp::detail {

struct ErrorEntry {
    std::string_view name;     ///< without the prefix: "NO_FREE_SLOT"
    std::string_view message;  ///< for people: "no free slot for the image"
};

/// One error enum: its std::error_category name, Zephyr's prefix of its enumerator names
/// ("IMG_MGMT_ERR_") and its entries.
struct ErrorTable {
    const char* category;
    std::string_view prefix;
    std::span<const ErrorEntry> entries;
};

ErrorTable client_error_table() noexcept;  ///< Errc: enumerator names ("timeout"), no prefix
ErrorTable rc_error_table() noexcept;      ///< Rc (enum mcumgr_err_t): "MGMT_ERR_" + "EINVAL"
/// The table of a group's SMP v2 errors; groups without one (user groups) get an empty table
/// with the prefix "GROUP_ERR_".
ErrorTable group_error_table(std::uint16_t group) noexcept;

}  // namespace smp::detail
