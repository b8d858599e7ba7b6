#pragma once
// Byte containers used across the library.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace smp {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

inline ByteView as_bytes(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

/// Lower-case hex, two characters per byte (for logs, JSON output and error details).
std::string to_hex(ByteView bytes);

}  // namespace smp
