// SPDX-License-Identifier: Apache-2.0
#pragma once
// A factory image in smpsim's slot 0, written into its state directory before it starts, as
// if flashed before power-on: a real device always runs an image.
#include <smp/protocol/bytes.hpp>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>

namespace smp_it {

/// Writes `image` as slot 0 of a device with `slot_size`-byte slots (smpsim --slot-size).
inline void flash_slot0(const std::filesystem::path& state_dir, const smp::Bytes& image,
                        std::size_t slot_size) {
    smp::Bytes content(slot_size, 0xff);
    std::copy(image.begin(), image.end(), content.begin());
    std::ofstream(state_dir / "slot0.bin", std::ios::binary)
        .write(reinterpret_cast<const char*>(content.data()),
               static_cast<std::streamsize>(content.size()));
}

}  // namespace smp_it
