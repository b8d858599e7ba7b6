#pragma once
// The parts of an MCUboot image the device needs (bootutil/image.h; shared/protocol.md §8):
// header fields, version, and the SHA256 TLV that image state reports as `hash`.
// Kept behind this small interface so it can be replaced by the library's MCUboot image
// reader (src/image) without touching the handlers.
#include <smp/protocol/bytes.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace smp::server {

inline constexpr std::uint32_t image_magic = 0x96f3b83d;
inline constexpr std::size_t image_header_size = 32;
inline constexpr std::uint32_t image_flag_non_bootable = 0x10;

struct ImageInfo {
    std::uint32_t hdr_size = 0;
    std::uint32_t img_size = 0;
    std::uint32_t protect_tlv_size = 0;
    std::uint32_t flags = 0;
    std::uint8_t major = 0;
    std::uint8_t minor = 0;
    std::uint16_t revision = 0;
    std::uint32_t build = 0;
    Bytes hash{};                ///< value of the single SHA256 TLV (32 bytes)
    std::size_t total_size = 0;  ///< header + payload + all TLV areas
    bool hash_matches = false;   ///< the TLV equals SHA-256 over header+payload+protected TLVs

    /// "major.minor.revision[.build]" (build only when non-zero, like img_mgmt).
    std::string version_string() const;
};

/// True when `data` starts with a header carrying the MCUboot magic.
bool has_image_magic(ByteView data);

/// Reads the image at the start of a slot: nullopt unless the header, the TLV info and
/// exactly one 32-byte SHA256 TLV are readable (what img_mgmt needs to list a slot).
std::optional<ImageInfo> inspect_image(ByteView slot);

/// SHA-256 of `data`.
Bytes sha256(ByteView data);

}  // namespace smp::server
