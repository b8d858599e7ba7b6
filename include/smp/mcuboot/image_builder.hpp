// SPDX-License-Identifier: Apache-2.0
#pragma once
// Builds valid MCUboot images without imgtool (for smpsim, demos and tests): header, payload,
// optional protected TLVs (SEC_CNT, custom), the hash TLV, and optionally a padded slot with
// the swap trailer, laid out as imgtool sign does. No signature: the result is what
// `imgtool sign` makes without --key, and passes `imgtool verify`.
#include <smp/mcuboot/mcuboot_image.hpp>
#include <smp/mcuboot/sha256.hpp>
#include <smp/protocol/bytes.hpp>
#include <smp/protocol/result.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace smp::mcuboot {

/// An extra TLV to place in a built image.
struct ImageTlvValue {
    std::uint16_t type = 0;  ///< TLV type (TlvType or a vendor type)
    Bytes value{};           ///< the value bytes; their length goes in the TLV header
};

/// What build_mcuboot_image puts around the payload.
struct ImageBuildOptions {
    ImageVersion version{};          ///< version written in the header
    std::uint16_t header_size = 32;  ///< >= 32; Zephyr builds commonly use 0x200
    std::uint32_t load_addr = 0;     ///< header load address (for ram_load/rom_fixed images)
    std::uint32_t flags = 0;         ///< header flags (ImageFlag bits)
    HashAlgorithm hash = HashAlgorithm::sha256;  ///< hash TLV to add (SHA256, SHA384 or SHA512)
    std::optional<std::uint32_t> security_counter{};  ///< adds a protected SEC_CNT TLV
    std::vector<ImageTlvValue> protected_tlvs{};      ///< after SEC_CNT, in this order
    std::vector<ImageTlvValue> tlvs{};                ///< unprotected, after the hash TLV
    /// Pad to this many bytes with 0xFF and end with the boot trailer magic (imgtool --pad).
    std::optional<std::size_t> slot_size{};
    bool confirm = false;  ///< with slot_size: set image_ok (imgtool --confirm)
};

/// Trailer bytes imgtool reserves at the end of a padded slot with its defaults
/// (max_sectors 128, align 8, not encrypted): 128*3*8 + 4*8 + 16 = 3120.
inline constexpr std::size_t default_trailer_size = 3120;

/// Result: the image bytes. Errors: Errc::invalid_argument when header_size < 32, the
/// payload exceeds 4 GiB, a TLV area exceeds 65535 bytes, slot_size cannot hold the image
/// plus default_trailer_size, or confirm is set without slot_size.
Result<Bytes> build_mcuboot_image(ByteView payload, const ImageBuildOptions& options = {});

}  // namespace smp::mcuboot
