// SPDX-License-Identifier: Apache-2.0
// The one name table of the MCUboot modes (see smp/protocol/messages/mcuboot_mode.hpp).
#include <smp/protocol/messages/mcuboot_mode.hpp>

#include <array>
#include <charconv>

namespace smp::os {
namespace {

using M = McubootMode;

struct ModeName {
    M mode;
    std::string_view name;   ///< Zephyr's, printed
    std::string_view alias;  ///< the short spelling, also parsed (empty: none)
};

constexpr std::array<ModeName, 11> names{{
    {M::unknown, "unknown", ""},
    {M::single_slot, "single-slot", ""},
    {M::swap_using_scratch, "swap-using-scratch", "swap-scratch"},
    {M::overwrite_only, "overwrite-only", ""},
    {M::swap_using_move, "swap-using-move", "swap-move"},
    {M::direct_xip, "direct-xip", ""},
    {M::direct_xip_with_revert, "direct-xip-with-revert", "direct-xip-revert"},
    {M::ram_load, "ram-load", ""},
    {M::firmware_loader, "firmware-loader", ""},
    {M::single_slot_ram_load, "single-slot-ram-load", ""},
    {M::swap_using_offset, "swap-using-offset", "swap-offset"},
}};

constexpr std::int64_t highest_mode = static_cast<std::int64_t>(M::swap_using_offset);

}  // namespace

std::string_view to_string(McubootMode mode) noexcept {
    for (const auto& entry : names)
        if (entry.mode == mode)
            return entry.name;
    return "unknown";
}

std::optional<McubootMode> parse_mcuboot_mode(std::string_view text) noexcept {
    for (const auto& entry : names)
        if (text == entry.name || (!entry.alias.empty() && text == entry.alias))
            return entry.mode;
    int number = -1;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, number);
    if (text.empty() || ec != std::errc{} || ptr != end || number < 0 || number > highest_mode)
        return std::nullopt;
    return static_cast<M>(number);
}

McubootMode mcuboot_mode_from_number(std::int64_t value) noexcept {
    if (value < 0 || value > highest_mode)
        return M::unknown;
    return static_cast<M>(value);
}

}  // namespace smp::os
