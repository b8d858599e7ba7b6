// SPDX-License-Identifier: Apache-2.0
#include "server/boot_policy.hpp"

#include <smp/mcuboot/mcuboot_image.hpp>

#include "server/mode_traits.hpp"

#include <optional>

namespace smp::server {
namespace {

// boot_compare_version without BOOT_VERSION_CMP_USE_BUILD_NUMBER: major.minor.revision.
std::uint64_t version_key(const mcuboot::ImageVersion& v) {
    return (std::uint64_t{v.major} << 24) | (std::uint64_t{v.minor} << 16) | v.revision;
}

// bootutil's full validation (header, hash TLV against the image).
std::optional<mcuboot::McubootImage> valid_image(const Flash& flash, std::uint32_t slot) {
    auto parsed = mcuboot::parse_mcuboot_image(flash.slot(slot));
    if (!parsed)
        return std::nullopt;
    return std::move(*parsed);
}

// boot_check_header_valid: enough to be a candidate; validation comes later.
bool has_header(const Flash& flash, std::uint32_t slot) {
    const auto& s = flash.slot(slot);
    const std::uint32_t magic = std::uint32_t{s[0]} | std::uint32_t{s[1]} << 8 |
                                std::uint32_t{s[2]} << 16 | std::uint32_t{s[3]} << 24;
    return magic == mcuboot::image_magic;
}

void erase_slot(const BootContext& b, std::uint32_t slot) {
    b.flash.erase(slot, 0, b.flash.slot_size());
    b.state.trailers[slot - b.primary] = XipTrailer{};
}

// check_downgrade_prevention (swap) and boot_validate_slot (overwrite-only): a candidate
// with a strictly lower version than the primary is erased instead of booted.
bool refused_as_downgrade(const BootContext& b, const mcuboot::McubootImage& candidate) {
    if (!b.no_downgrade)
        return false;
    auto running = valid_image(b.flash, b.primary);
    return running && version_key(candidate.header.version) < version_key(running->header.version);
}

// A swap or overwrite was requested: the candidate in the secondary slot if MCUboot would
// take it, else the secondary is erased (boot_validate_slot scrambles a bad candidate).
bool candidate_accepted(const BootContext& b) {
    const std::uint32_t secondary = b.primary + 1;
    auto candidate = valid_image(b.flash, secondary);
    if (candidate && !refused_as_downgrade(b, *candidate))
        return true;
    erase_slot(b, secondary);
    return false;
}

// Swap using scratch / move / offset: test swaps in unconfirmed, permanent swaps in
// confirmed, an unconfirmed test image is swapped back on the next boot.
void swap_boot(const BootContext& b) {
    auto& s = b.state;
    const std::uint32_t secondary = b.primary + 1;
    if (s.pending != PendingSwap::none) {
        if (candidate_accepted(b)) {
            b.flash.swap(b.primary, secondary);
            s.primary_confirmed = s.pending == PendingSwap::permanent;
            s.swapped_for_test = s.pending == PendingSwap::test;
        }
        s.pending = PendingSwap::none;
    } else if (s.revert_next()) {
        b.flash.swap(b.primary, secondary);
        s.primary_confirmed = true;
        s.swapped_for_test = false;
    }
}

// Overwrite-only (boot_copy_image): the candidate is copied over the primary, test or
// permanent alike, and the secondary's header and trailer are erased: no way back, and
// the running image counts as confirmed.
void overwrite_boot(const BootContext& b) {
    auto& s = b.state;
    if (s.pending == PendingSwap::none)
        return;
    if (candidate_accepted(b)) {
        b.flash.copy(b.primary + 1, b.primary);
        erase_slot(b, b.primary + 1);
    }
    s = ImageBootState{};
}

// find_slot_with_highest_version: a later slot wins only with a strictly higher version.
std::optional<std::uint32_t> highest(const BootContext& b, const std::array<bool, 2>& usable) {
    std::optional<std::uint32_t> best;
    std::uint64_t best_key = 0;
    for (std::uint32_t i = 0; i < 2; ++i) {
        if (!usable[i])
            continue;
        const auto& raw = b.flash.slot(b.primary + i);
        const mcuboot::ImageVersion v{raw[20], raw[21],
                                    static_cast<std::uint16_t>(raw[22] | raw[23] << 8), 0};
        if (!best || version_key(v) > best_key) {
            best = i;
            best_key = version_key(v);
        }
    }
    return best;
}

// boot_select_or_erase (Direct-XIP with revert): a slot never marked, or selected before
// and still unconfirmed, is erased; otherwise it is marked selected (copy_done) and runs.
bool select_or_erase(const BootContext& b, std::uint32_t i) {
    auto& t = b.state.trailers[i];
    if (!t.magic || (t.copy_done && !t.image_ok)) {
        erase_slot(b, b.primary + i);
        return false;
    }
    t.copy_done = true;
    return true;
}

// One candidate slot through boot_load_and_validate_images' checks; false = try the next.
bool loadable(const BootContext& b, std::uint32_t i) {
    if (b.mode == Mode::direct_xip_with_revert && !select_or_erase(b, i))
        return false;
    auto img = valid_image(b.flash, b.primary + i);
    // RAM load takes only images built for it (ram_load.c boot_load_image_to_sram).
    const bool ram_ok =
        b.mode != Mode::ram_load || (img && (img->header.flags & mcuboot::flag_ram_load) != 0);
    if (img && ram_ok)
        return true;
    erase_slot(b, b.primary + i);  // an invalid image is removed, not retried
    return false;
}

// Direct-XIP (with or without revert) and RAM load: the highest valid version boots.
void highest_version_boot(const BootContext& b) {
    std::array<bool, 2> usable{has_header(b.flash, b.primary), has_header(b.flash, b.primary + 1)};
    while (auto slot = highest(b, usable)) {
        if (loadable(b, *slot)) {
            b.state.active_slot = *slot;
            return;
        }
        usable[*slot] = false;
    }
    // No bootable image: MCUboot stops here; the device keeps its last state.
}

}  // namespace

void run_bootloader(const BootContext& boot) {
    if (uses_swap_trailers(boot.mode)) {
        if (boot.mode == Mode::overwrite_only)
            overwrite_boot(boot);
        else
            swap_boot(boot);
    } else if (boots_highest_version(boot.mode)) {
        highest_version_boot(boot);
    }
    // single-slot and firmware-loader: the primary boots as it is.
}

}  // namespace smp::server
