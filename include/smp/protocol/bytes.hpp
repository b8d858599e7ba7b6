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

/// The value (0..15) of one hex digit, either case; -1 if `c` is not one.
constexpr int hex_digit_value(char c) noexcept {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

}  // namespace smp
