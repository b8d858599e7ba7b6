// SPDX-License-Identifier: Apache-2.0
#pragma once
// The application's image state when MCUboot boots the highest version from either slot
// (Direct-XIP with or without revert, RAM load): Zephyr's img_mgmt_state.c Direct-XIP
// branches (img_mgmt_get_next_boot_slot, img_mgmt_slot_in_use, img_mgmt_set_next_boot_slot)
// over one image pair. Slots are numbered 0/1 within the pair. Private to smp_server.
#include "server/boot.hpp"

#include <smp/protocol/error.hpp>

#include <optional>

namespace smp::server {

enum class NextBootType { normal, test, revert };  ///< enum img_mgmt_next_boot_type

struct NextBoot {
    std::uint32_t slot = 0;
    NextBootType type = NextBootType::normal;
};

/// The flags img_mgmt_state_read reports for one slot.
struct SlotFlags {
    bool active = false;
    bool pending = false;
    bool confirmed = false;
    bool permanent = false;
};

class XipImageState {
  public:
    XipImageState(const Flash& flash, ImageBootState& state, os::McubootMode mode,
                  std::uint32_t primary = 0);

    /// Which slot boots next and how (test: once; revert: the previous image comes back).
    NextBoot next_boot() const;
    SlotFlags flags(std::uint32_t slot) const;
    /// Where an upload goes: the first slot not in use (img_mgmt_get_unused_slot_area_id).
    std::optional<std::uint32_t> upload_slot() const;
    /// A state write (test: confirm false); ImageError::ok when it was accepted.
    ImageError set_next_boot_slot(std::uint32_t slot, bool confirm);
    /// A slot holding an image that must not be erased or overwritten.
    bool slot_in_use(std::uint32_t slot) const;

  private:
    bool revert_mode() const { return mode_ == os::McubootMode::direct_xip_with_revert; }
    std::optional<std::uint64_t> version(std::uint32_t slot) const;
    NextBoot next_boot_by_version() const;
    NextBoot next_boot_with_revert() const;
    ImageError set_without_revert(std::uint32_t slot, bool confirm) const;
    void write_trailer(std::uint32_t slot, bool confirm);

    const Flash& flash_;
    ImageBootState& state_;
    os::McubootMode mode_;
    std::uint32_t primary_;
};

}  // namespace smp::server
