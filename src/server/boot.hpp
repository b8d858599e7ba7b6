// SPDX-License-Identifier: Apache-2.0
#pragma once
// MCUboot's view of each image pair (bootutil_public.c, boot_status.h): what the trailers
// say, which slot runs, and what happens on the next boot. Swap modes: a test request swaps
// the new image in unconfirmed; an unconfirmed image is swapped back (reverted) on the
// following boot; a confirmed one stays. Direct-XIP / RAM load: either slot may run, the
// per-slot trailers decide (boot_policy.cpp). Persisted as boot.json in the state directory.
#include "server/flash.hpp"

#include <smp/protocol/messages/os.hpp>

#include <array>
#include <cstdint>
#include <filesystem>
#include <vector>

namespace smp::server {

enum class PendingSwap : std::uint8_t { none = 0, test = 1, permanent = 2 };

/// A slot trailer as the Direct-XIP-with-revert bootutil reads and writes it
/// (boot_set_next, DirectXIP variant; loader.c boot_select_or_erase).
struct XipTrailer {
    bool magic = false;      ///< "boot this slot": written by test or confirm
    bool copy_done = false;  ///< MCUboot selected it once (set before it runs)
    bool image_ok = false;   ///< confirmed
    friend bool operator==(const XipTrailer&, const XipTrailer&) = default;
};

/// The trailer of an image flashed with imgtool --confirm (the factory image, or one
/// written by serial recovery): Direct-XIP-with-revert keeps booting it.
inline constexpr XipTrailer confirmed_trailer{true, true, true};

struct ImageBootState {
    PendingSwap pending = PendingSwap::none;  ///< secondary trailer: swap requested
    bool primary_confirmed = true;            ///< primary trailer image_ok
    bool swapped_for_test = false;            ///< the running image came from a test swap
    std::uint32_t active_slot = 0;            ///< slot within the pair that runs (XIP, RAM load)
    std::array<XipTrailer, 2> trailers{confirmed_trailer, XipTrailer{}};

    /// The next boot puts the previous image back (running image never confirmed).
    bool revert_next() const noexcept { return swapped_for_test && !primary_confirmed; }
    /// Serial recovery wrote a new image straight into the primary slot.
    void primary_replaced() noexcept;
};

class Boot {
  public:
    Boot(std::uint32_t image_count, std::filesystem::path dir,
         os::McubootMode mode = os::McubootMode::swap_using_move, bool no_downgrade = false);

    ImageBootState& image(std::uint32_t index) { return images_.at(index); }
    const ImageBootState& image(std::uint32_t index) const { return images_.at(index); }
    std::uint32_t image_count() const noexcept {
        return static_cast<std::uint32_t>(images_.size());
    }
    os::McubootMode mode() const noexcept { return mode_; }

    /// Runs the bootloader over every image pair, as the configured mode does.
    void on_reset(Flash& flash);
    /// An erase of a whole slot also erases its trailer (it sits at the slot's end).
    void slot_erased(std::uint32_t slot);

    void load();
    void flush() const;

  private:
    std::vector<ImageBootState> images_;
    std::filesystem::path dir_;
    os::McubootMode mode_;
    bool no_downgrade_;
};

}  // namespace smp::server
