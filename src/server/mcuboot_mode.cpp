// SPDX-License-Identifier: Apache-2.0
#include <smp/server/mcuboot_mode.hpp>

#include <array>
#include <charconv>
#include <utility>

namespace smp::server {
namespace {

using M = os::McubootMode;

constexpr std::array<std::pair<std::string_view, M>, 10> names{{
    {"single-slot", M::single_slot},
    {"swap-scratch", M::swap_using_scratch},
    {"overwrite-only", M::overwrite_only},
    {"swap-move", M::swap_using_move},
    {"direct-xip", M::direct_xip},
    {"direct-xip-revert", M::direct_xip_with_revert},
    {"ram-load", M::ram_load},
    {"firmware-loader", M::firmware_loader},
    {"single-slot-ram-load", M::single_slot_ram_load},
    {"swap-offset", M::swap_using_offset},
}};

}  // namespace

std::optional<os::McubootMode> parse_mcuboot_mode(std::string_view text) {
    for (const auto& [name, mode] : names) {
        if (name == text)
            return mode;
    }
    int number = -1;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, number);
    if (ec != std::errc{} || ptr != end || text.empty() || number < 0 ||
        number >= static_cast<int>(names.size()))
        return std::nullopt;
    return static_cast<M>(number);
}

std::string_view mcuboot_mode_name(os::McubootMode mode) {
    for (const auto& [name, m] : names) {
        if (m == mode)
            return name;
    }
    return "unknown";
}

}  // namespace smp::server
