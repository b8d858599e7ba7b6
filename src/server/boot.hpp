#pragma once
// MCUboot's view of each image pair in swap mode (bootutil_public.c, boot_status.h): what the
// trailers say, and what happens on the next boot. A test request swaps the new image in
// unconfirmed; an unconfirmed image is swapped back (reverted) on the following boot; a
// confirmed one stays. Persisted as boot.json in the state directory.
#include "server/flash.hpp"

#include <cstdint>
#include <filesystem>
#include <vector>

namespace smp::server {

enum class PendingSwap : std::uint8_t { none = 0, test = 1, permanent = 2 };

struct ImageBootState {
    PendingSwap pending = PendingSwap::none;  ///< secondary trailer: swap requested
    bool primary_confirmed = true;            ///< primary trailer image_ok
    bool swapped_for_test = false;            ///< the running image came from a test swap

    /// The next boot puts the previous image back (running image never confirmed).
    bool revert_next() const noexcept { return swapped_for_test && !primary_confirmed; }
};

class Boot {
  public:
    Boot(std::uint32_t image_count, std::filesystem::path dir);

    ImageBootState& image(std::uint32_t index) { return images_.at(index); }
    const ImageBootState& image(std::uint32_t index) const { return images_.at(index); }
    std::uint32_t image_count() const noexcept {
        return static_cast<std::uint32_t>(images_.size());
    }

    /// Runs the bootloader over every image pair: swap, revert or nothing.
    void on_reset(Flash& flash);

    void load();
    void flush() const;

  private:
    std::vector<ImageBootState> images_;
    std::filesystem::path dir_;
};

}  // namespace smp::server
