// SPDX-License-Identifier: Apache-2.0
#pragma once
// Reader for MCUboot images (mcu-tools/mcuboot boot/bootutil/include/bootutil/image.h,
// bootutil_img_hash.c; shared/protocol.md §8): header, protected and main TLV areas, image
// hash check, and the swap trailer that `imgtool sign --pad` writes at the end of the slot.
#include <smp/mcuboot/image_version.hpp>
#include <smp/mcuboot/sha256.hpp>
#include <smp/protocol/bytes.hpp>
#include <smp/protocol/result.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// The MCUboot image format: read, check and build images, Intel HEX, SHA-2.
namespace smp::mcuboot {

inline constexpr std::uint32_t image_magic = 0x96f3b83d;           ///< IMAGE_MAGIC
inline constexpr std::uint32_t image_magic_v1 = 0x96f3b83c;        ///< IMAGE_MAGIC_V1 (legacy)
inline constexpr std::uint16_t tlv_info_magic = 0x6907;            ///< IMAGE_TLV_INFO_MAGIC
inline constexpr std::uint16_t protected_tlv_info_magic = 0x6908;  ///< IMAGE_TLV_PROT_INFO_MAGIC
inline constexpr std::size_t image_header_size = 32;               ///< sizeof(struct image_header)
inline constexpr std::size_t tlv_info_size = 4;                    ///< {u16 magic, u16 tlv_tot}
inline constexpr std::size_t tlv_header_size = 4;                  ///< {u16 type, u16 len}

/// TLV types (IMAGE_TLV_* in image.h).
enum class TlvType : std::uint16_t {
    keyhash = 0x01,            ///< hash of the public key that signed the image
    pubkey = 0x02,             ///< the signing public key itself (instead of its hash)
    sha256 = 0x10,             ///< SHA-256 of header, body and protected TLVs: the image hash
    sha384 = 0x11,             ///< SHA-384 image hash
    sha512 = 0x12,             ///< SHA-512 image hash
    rsa2048_pss = 0x20,        ///< RSA-2048 PSS signature of the image hash
    ecdsa224 = 0x21,           ///< ECDSA P-224 signature (deprecated)
    ecdsa_sig = 0x22,          ///< ECDSA signature (P-256 or P-384)
    rsa3072_pss = 0x23,        ///< RSA-3072 PSS signature
    ed25519 = 0x24,            ///< Ed25519 signature
    sig_pure = 0x25,           ///< marks a signature over the image itself rather than its hash
    enc_rsa2048 = 0x30,        ///< AES key wrapped with RSA-OAEP (encrypted images)
    enc_kw = 0x31,             ///< AES key wrapped with AES key wrap
    enc_ec256 = 0x32,          ///< AES key exchanged with ECIES P-256
    enc_x25519 = 0x33,         ///< AES key exchanged with ECIES X25519
    enc_x25519_sha512 = 0x34,  ///< AES key exchanged with ECIES X25519, SHA-512 key derivation
    dependency = 0x40,         ///< dependency on another image's version (multi-image)
    sec_cnt = 0x50,            ///< security counter for rollback protection (protected)
    boot_record = 0x60,        ///< measured-boot record (protected)
    decomp_size = 0x70,        ///< size of the decompressed image (compressed images)
    decomp_sha = 0x71,         ///< hash of the decompressed image
    decomp_signature = 0x72,   ///< signature of the decompressed image
    comp_dec_size = 0x73,      ///< size of the compressed image once decrypted
    uuid_vid = 0x74,           ///< vendor UUID the image must match
    uuid_cid = 0x75,           ///< device class UUID the image must match
};
/// MCUboot's name without the IMAGE_TLV_ prefix ("SHA256", "ECDSA_SIG"); "VENDOR" for the
/// vendor range 0xXXA0-0xXXFE; "UNKNOWN" otherwise.
std::string_view tlv_type_name(std::uint16_t type) noexcept;
/// True for the signature TLVs (RSA2048_PSS, ECDSA224, ECDSA_SIG, RSA3072_PSS, ED25519).
bool is_signature_tlv(std::uint16_t type) noexcept;

/// Header flags (IMAGE_F_* in image.h).
enum ImageFlag : std::uint32_t {
    flag_pic = 0x01,                    ///< position-independent code
    flag_encrypted_aes128 = 0x04,       ///< body encrypted with AES-128-CTR
    flag_encrypted_aes256 = 0x08,       ///< body encrypted with AES-256-CTR
    flag_non_bootable = 0x10,           ///< not to be booted directly (e.g. a split image part)
    flag_ram_load = 0x20,               ///< copied to RAM at load_addr and run from there
    flag_rom_fixed = 0x100,             ///< load_addr is the flash address the image must run from
    flag_compressed_lzma1 = 0x200,      ///< body compressed with LZMA1
    flag_compressed_lzma2 = 0x400,      ///< body compressed with LZMA2
    flag_compressed_arm_thumb = 0x800,  ///< LZMA with the ARM Thumb filter
};
/// Names of the set flags, e.g. {"PIC", "NON_BOOTABLE"}; unknown bits as "0x...".
std::vector<std::string> flag_names(std::uint32_t flags);

/// struct image_header, little-endian on the wire.
struct ImageHeader {
    /// ih_magic: image_magic (or image_magic_v1 for old images)
    std::uint32_t magic = image_magic;
    /// ih_load_addr: RAM or ROM address, for ram_load/rom_fixed images
    std::uint32_t load_addr = 0;
    std::uint16_t hdr_size = 0;  ///< ih_hdr_size: bytes before the body (header plus padding)
    std::uint16_t protect_tlv_size = 0;  ///< whole protected area incl. its info header; 0 = none
    std::uint32_t img_size = 0;  ///< ih_img_size: body size in bytes, header and TLVs excluded
    std::uint32_t flags = 0;     ///< ih_flags: ImageFlag bits
    ImageVersion version{};      ///< ih_ver: the image version

    /// Field-by-field equality.
    friend bool operator==(const ImageHeader&, const ImageHeader&) = default;
};

/// One TLV entry read from an image's protected or main TLV area.
struct Tlv {
    std::uint16_t type = 0;          ///< TLV type, a TlvType value or a vendor type
    bool in_protected_area = false;  ///< true when it sits in the protected (hashed) area
    std::size_t offset = 0;          ///< file offset of the TLV's 4-byte header
    Bytes value{};                   ///< the value bytes, without the 4-byte type/length header

    /// MCUboot's name for the type, as tlv_type_name gives it.
    std::string_view name() const noexcept { return tlv_type_name(type); }
    /// Field-by-field equality.
    friend bool operator==(const Tlv&, const Tlv&) = default;
};

/// The swap trailer at the end of a padded slot (bootutil_public.c, imgtool image.py pad_to).
struct Trailer {
    std::size_t max_align = 8;     ///< 8 for the classic magic, else the alignment it encodes
    std::size_t magic_offset = 0;  ///< file offset of the 16-byte boot magic at the end
    std::uint8_t image_ok = 0xff;  ///< raw byte; 0x01 (BOOT_FLAG_SET) means confirmed
    /// True when image_ok says the image is confirmed (imgtool --confirm).
    bool confirmed() const noexcept { return image_ok == 0x01; }
    /// Field-by-field equality.
    friend bool operator==(const Trailer&, const Trailer&) = default;
};

/// An MCUboot image parsed by parse_mcuboot_image.
struct McubootImage {
    ImageHeader header{};                   ///< the image header
    std::uint16_t protected_tlv_total = 0;  ///< tlv_tot of the 0x6908 area (0 if absent)
    std::uint16_t tlv_total = 0;            ///< tlv_tot of the 0x6907 area
    std::vector<Tlv> tlvs{};                ///< protected area first, then main area, file order
    /// Which hash TLV the image carries (SHA256, SHA384 or SHA512)
    HashAlgorithm hash_algorithm = HashAlgorithm::sha256;
    Bytes hash{};  ///< the image hash (verified against the hash TLV); what state-read reports
    std::size_t image_end = 0;   ///< end of the TLV area; bytes after it are padding/trailer
    std::size_t file_size = 0;   ///< bytes in the whole input, padding and trailer included
    Sha256Digest file_sha256{};  ///< SHA-256 of the whole input: the upload's `sha`
    std::optional<std::uint32_t> security_counter{};  ///< SEC_CNT TLV, when present
    std::optional<Trailer> trailer{};  ///< set when the input ends with a boot trailer magic

    /// The header version as text: "1.2.3", or "1.2.3.4" with a build.
    std::string version_string() const { return header.version.to_string(); }
    /// Names of the signature TLVs present ("ECDSA_SIG", "RSA2048_PSS", ...).
    std::vector<std::string_view> signatures() const;
    /// First TLV of that type, or nullptr.
    const Tlv* find(std::uint16_t type) const noexcept;
    /// True when the input is a padded slot ending with a boot trailer.
    bool padded() const noexcept { return trailer.has_value(); }
    /// True when padded with the trailer's image_ok set.
    bool confirmed() const noexcept { return trailer && trailer->confirmed(); }
};

/// Reads the 32-byte image header at the start of `bytes` (the first chunk of an upload is
/// enough): its fields, without looking at the body or the TLVs.
/// Errors: Errc::bad_image when fewer than 32 bytes, a wrong or legacy magic, or an
/// ih_hdr_size below 32. Thread safety: pure function.
Result<ImageHeader> parse_image_header(ByteView bytes);

/// Parses and checks an MCUboot image held in memory (raw bytes of a .bin, or the bytes of
/// an Intel HEX file after parse_intel_hex).
/// Result: the parsed image, its verified hash and the SHA-256 of all of `bytes`.
/// Errors: Errc::bad_image, with a detail naming the problem and its offset: wrong magic,
/// truncated header/body/TLV area, TLV area overrun, TLV info magic or tlv_tot wrong, no or
/// several hash TLVs, hash of wrong length, hash mismatch. Never reads outside `bytes`.
/// Thread safety: pure function.
Result<McubootImage> parse_mcuboot_image(ByteView bytes);

}  // namespace smp::mcuboot
