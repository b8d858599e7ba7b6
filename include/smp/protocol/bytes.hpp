// SPDX-License-Identifier: Apache-2.0
#pragma once
// Byte containers used across the library.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace smp {

/// An owned byte sequence: messages, payloads, image data.
using Bytes = std::vector<std::uint8_t>;
/// A read-only view of bytes owned elsewhere.
using ByteView = std::span<const std::uint8_t>;

/// The characters of `text` as bytes (no copy; valid while `text` is).
inline ByteView as_bytes(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

/// The same bytes as characters, the inverse of as_bytes. Also what to hand nlohmann-json's
/// readers (parse, sax_parse, from_cbor): over unsigned char they need
/// std::char_traits<unsigned char>, which was never standard and which libc++ 19 removed, so
/// nlohmann-json 3.11.2 does not compile there; over char they read the same byte values.
inline std::string_view as_chars(ByteView bytes) {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
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
