// SPDX-License-Identifier: Apache-2.0
#include "server/xip_image_state.hpp"

#include <smp/mcuboot/mcuboot_image.hpp>

namespace smp::server {
namespace {

// read_directxip_state (img_mgmt_state.c): what a slot's trailer asks of MCUboot.
enum class XipBoot { unset, once, revert, forever };

XipBoot xip_boot(const XipTrailer& t) {
    if (!t.magic)
        return XipBoot::unset;
    if (t.image_ok)
        return XipBoot::forever;
    return t.copy_done ? XipBoot::revert : XipBoot::once;
}

}  // namespace

XipImageState::XipImageState(const Flash& flash, ImageBootState& state, os::McubootMode mode,
                             std::uint32_t primary)
    : flash_(flash), state_(state), mode_(mode), primary_(primary) {}

// img_mgmt_read_info + img_mgmt_vercmp (build number not compared by default).
std::optional<std::uint64_t> XipImageState::version(std::uint32_t slot) const {
    auto img = mcuboot::parse_mcuboot_image(flash_.slot(primary_ + slot));
    if (!img)
        return std::nullopt;
    const auto& v = img->header.version;
    return (std::uint64_t{v.major} << 24) | (std::uint64_t{v.minor} << 16) | v.revision;
}

// Without revert: the other slot boots next if it holds a higher version, or the same
// version in a lower slot (MCUboot takes a later slot only when strictly higher; the newer
// img_mgmt_state.c says so too: "versions are equal but slot number is lower").
NextBoot XipImageState::next_boot_by_version() const {
    const std::uint32_t active = state_.active_slot;
    const std::uint32_t other = 1 - active;
    const auto a = version(active);
    const auto o = version(other);
    if (a && o && (*a < *o || (*a == *o && other < active)))
        return {other, NextBootType::normal};
    return {active, NextBootType::normal};
}

// With revert, the trailers decide as MCUboot's boot_select_or_erase will.
NextBoot XipImageState::next_boot_with_revert() const {
    const std::uint32_t active = state_.active_slot;
    const std::uint32_t other = 1 - active;
    const auto a = version(active);
    const auto o = version(other);
    if (!a || !o)
        return {active, NextBootType::normal};
    const XipBoot mine = xip_boot(state_.trailers[active]);
    const XipBoot theirs = xip_boot(state_.trailers[other]);
    if (mine == XipBoot::revert)
        return {other, NextBootType::revert};
    if (theirs == XipBoot::unset)
        return {active, mine == XipBoot::once ? NextBootType::test : NextBootType::normal};
    if (*a < *o && theirs == XipBoot::forever)
        return {other, NextBootType::normal};
    if (*a < *o && theirs == XipBoot::once)
        return {other, NextBootType::test};
    return {active, NextBootType::normal};
}

NextBoot XipImageState::next_boot() const {
    return revert_mode() ? next_boot_with_revert() : next_boot_by_version();
}

// img_mgmt_state_read: the active slot is confirmed unless a revert is due; the other slot
// is pending (+permanent) when it boots next, confirmed when a revert brings it back.
SlotFlags XipImageState::flags(std::uint32_t slot) const {
    const NextBoot next = next_boot();
    if (slot == state_.active_slot)
        return {.active = true, .confirmed = next.type != NextBootType::revert};
    if (next.slot == state_.active_slot)
        return {};
    return {.pending = next.type != NextBootType::revert,
            .confirmed = next.type == NextBootType::revert,
            .permanent = next.type == NextBootType::normal};
}

// img_mgmt_slot_in_use: CONFIG_MCUBOOT_BOOTLOADER_MODE_DIRECT_XIP (and RAM load) only keep
// the running slot; with revert, the slot a revert returns to is kept too
// (CONFIG_MCUMGR_GRP_IMG_ALLOW_ERASE_PENDING=y lets a pending slot be overwritten).
bool XipImageState::slot_in_use(std::uint32_t slot) const {
    if (revert_mode()) {
        const NextBoot next = next_boot();
        if (slot == next.slot && next.type == NextBootType::revert)
            return true;
    }
    return slot == state_.active_slot;
}

std::optional<std::uint32_t> XipImageState::upload_slot() const {
    for (std::uint32_t slot = 0; slot < 2; ++slot) {
        if (!slot_in_use(slot))
            return slot;
    }
    return std::nullopt;
}

// img_mgmt_set_next_boot_slot, generic variant (used by Direct-XIP without revert and RAM
// load): the version decides what boots, so testing the higher image is "already pending"
// and confirming the running one while a higher one waits is refused.
ImageError XipImageState::set_without_revert(std::uint32_t slot, bool confirm) const {
    const std::uint32_t active = state_.active_slot;
    const NextBoot next = next_boot();
    if (!confirm && slot == active)
        return ImageError::image_setting_test_to_active_denied;
    if (confirm && slot == next.slot)
        return ImageError::ok;
    if ((slot == active && active != next.slot) || (!confirm && slot == next.slot))
        return ImageError::image_already_pending;
    // boot_set_next writes the other slot's trailer; MCUboot without revert ignores it.
    return ImageError::ok;
}

// boot_set_next, DirectXIP variant: magic marks a slot bootable, confirm adds copy_done and
// image_ok; the active slot can only be confirmed.
void XipImageState::write_trailer(std::uint32_t slot, bool confirm) {
    auto& t = state_.trailers[slot];
    t.magic = true;
    if (confirm || slot == state_.active_slot) {
        t.copy_done = true;
        t.image_ok = true;
    }
}

ImageError XipImageState::set_next_boot_slot(std::uint32_t slot, bool confirm) {
    if (!revert_mode())
        return set_without_revert(slot, confirm);
    // The Direct-XIP-with-revert variant refuses only a test of the running slot.
    if (!confirm && slot == state_.active_slot)
        return ImageError::image_setting_test_to_active_denied;
    write_trailer(slot, confirm);
    return ImageError::ok;
}

}  // namespace smp::server
