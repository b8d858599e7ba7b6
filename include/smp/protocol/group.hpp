// SPDX-License-Identifier: Apache-2.0
#pragma once
// Management group identifiers (Zephyr mgmt_defines.h, enum mcumgr_group_t).
#include <cstdint>
#include <string_view>

namespace smp {

/// The management group ids of the SMP header (16 bits on the wire).
enum class Group : std::uint16_t {
    os = 0,
    image = 1,
    stat = 2,
    settings = 3,
    log = 4,
    crash = 5,
    split = 6,
    run = 7,
    fs = 8,
    shell = 9,
    enumeration = 10,
    transport = 11,
    zephyr_basic = 63,  ///< Zephyr-specific groups count down from 63
    first_user = 64,    ///< application-defined groups are 64 and up
};

/// The group id as the header carries it.
constexpr std::uint16_t to_underlying(Group group) noexcept {
    return static_cast<std::uint16_t>(group);
}

/// "os", "image", ... or "user" for 64 and up, "unknown" otherwise.
std::string_view group_name(std::uint16_t group) noexcept;

}  // namespace smp
