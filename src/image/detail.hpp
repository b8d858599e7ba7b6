#pragma once
// Little helpers shared by the image readers and builder (not installed).
#include <smp/protocol/bytes.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

namespace smp::image::detail {

inline std::uint16_t read_le16(ByteView b, std::size_t at) {
    return static_cast<std::uint16_t>(b[at] | (b[at + 1] << 8));
}
inline std::uint32_t read_le32(ByteView b, std::size_t at) {
    return static_cast<std::uint32_t>(b[at]) | (static_cast<std::uint32_t>(b[at + 1]) << 8) |
           (static_cast<std::uint32_t>(b[at + 2]) << 16) |
           (static_cast<std::uint32_t>(b[at + 3]) << 24);
}
inline void append_le16(Bytes& out, std::uint16_t v) {
    out.push_back(static_cast<std::uint8_t>(v));
    out.push_back(static_cast<std::uint8_t>(v >> 8));
}
inline void append_le32(Bytes& out, std::uint32_t v) {
    for (int shift = 0; shift < 32; shift += 8)
        out.push_back(static_cast<std::uint8_t>(v >> shift));
}
/// "0x1a2b"
inline std::string hex(std::uint64_t value) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string s;
    do {
        s.insert(s.begin(), digits[value & 0xf]);
        value >>= 4;
    } while (value != 0);
    return "0x" + s;
}

}  // namespace smp::image::detail
