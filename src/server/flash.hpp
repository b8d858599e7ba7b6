// SPDX-License-Identifier: Apache-2.0
#pragma once
// Flash model: image n has slot 2n (primary, runs) and 2n+1 (secondary, receives uploads),
// like the slot0_partition.. slotN_partition layout of Zephyr boards (shared/protocol.md §4.1).
// Erased flash reads 0xff. Slots persist as files slot<N>.bin in the state directory.
#include <smp/protocol/bytes.hpp>

#include <cstdint>
#include <filesystem>
#include <vector>

namespace smp::server {

class Flash {
  public:
    Flash(std::uint32_t image_count, std::uint32_t slot_size, std::filesystem::path dir);

    std::uint32_t slot_count() const noexcept { return static_cast<std::uint32_t>(slots_.size()); }
    std::uint32_t slot_size() const noexcept { return slot_size_; }
    const Bytes& slot(std::uint32_t index) const { return slots_.at(index); }

    /// Sets [off, off+len) to 0xff; false when out of range.
    bool erase(std::uint32_t index, std::uint64_t off, std::uint64_t len);
    bool write(std::uint32_t index, std::uint64_t off, ByteView data);
    bool is_erased(std::uint32_t index) const;
    /// Swaps the contents of two slots (MCUboot swap on boot).
    void swap(std::uint32_t a, std::uint32_t b);
    /// Copies slot `from` over slot `to` (MCUboot overwrite-only upgrade).
    void copy(std::uint32_t from, std::uint32_t to);

    void load();
    void flush();

  private:
    std::uint32_t slot_size_;
    std::filesystem::path dir_;
    std::vector<Bytes> slots_;
    std::vector<bool> dirty_;
};

}  // namespace smp::server
