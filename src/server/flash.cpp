// SPDX-License-Identifier: Apache-2.0
#include "server/flash.hpp"

#include "server/storage.hpp"

#include <algorithm>

namespace smp::server {

Flash::Flash(std::uint32_t image_count, std::uint32_t slot_size, std::filesystem::path dir)
    : slot_size_(slot_size),
      dir_(std::move(dir)),
      slots_(static_cast<std::size_t>(image_count) * 2, Bytes(slot_size, 0xff)),
      dirty_(slots_.size(), false) {}

bool Flash::erase(std::uint32_t index, std::uint64_t off, std::uint64_t len) {
    if (index >= slots_.size() || off > slot_size_ || len > slot_size_ - off)
        return false;
    std::fill_n(slots_[index].begin() + static_cast<std::ptrdiff_t>(off), len, 0xff);
    dirty_[index] = true;
    return true;
}

bool Flash::write(std::uint32_t index, std::uint64_t off, ByteView data) {
    if (index >= slots_.size() || off > slot_size_ || data.size() > slot_size_ - off)
        return false;
    std::copy(data.begin(), data.end(), slots_[index].begin() + static_cast<std::ptrdiff_t>(off));
    dirty_[index] = true;
    return true;
}

bool Flash::is_erased(std::uint32_t index) const {
    const auto& s = slots_.at(index);
    return std::all_of(s.begin(), s.end(), [](std::uint8_t b) { return b == 0xff; });
}

void Flash::swap(std::uint32_t a, std::uint32_t b) {
    std::swap(slots_.at(a), slots_.at(b));
    dirty_[a] = dirty_[b] = true;
}

void Flash::copy(std::uint32_t from, std::uint32_t to) {
    slots_.at(to) = slots_.at(from);
    dirty_[to] = true;
}

void Flash::load() {
    if (dir_.empty())
        return;
    for (std::size_t i = 0; i < slots_.size(); ++i) {
        auto data = read_file(dir_ / ("slot" + std::to_string(i) + ".bin"));
        if (!data)
            continue;
        data->resize(slot_size_, 0xff);  // a resized slot keeps its prefix
        slots_[i] = std::move(*data);
        dirty_[i] = false;
    }
}

void Flash::flush() {
    if (dir_.empty())
        return;
    for (std::size_t i = 0; i < slots_.size(); ++i) {
        if (dirty_[i] &&
            write_file_atomically(dir_ / ("slot" + std::to_string(i) + ".bin"), slots_[i]))
            dirty_[i] = false;
    }
}

}  // namespace smp::server
