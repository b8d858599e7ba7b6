// SPDX-License-Identifier: Apache-2.0
#pragma once
// Reader for MCUboot images (mcu-tools/mcuboot boot/bootutil/include/bootutil/image.h,
// bootutil_img_hash.c; shared/protocol.md §8): header, protected and main TLV areas, image
// hash check, and the swap trailer that `imgtool sign --pad` writes at the end of the slot.
#include <smp/image/image_version.hpp>
#include <smp/image/sha256.hpp>
#include <smp/protocol/bytes.hpp>
#include <smp/protocol/result.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smp::image {

inline constexpr std::uint32_t image_magic = 0x96f3b83d;           ///< IMAGE_MAGIC
inline constexpr std::uint32_t image_magic_v1 = 0x96f3b83c;        ///< IMAGE_MAGIC_V1 (legacy)
inline constexpr std::uint16_t tlv_info_magic = 0x6907;            ///< IMAGE_TLV_INFO_MAGIC
inline constexpr std::uint16_t protected_tlv_info_magic = 0x6908;  ///< IMAGE_TLV_PROT_INFO_MAGIC
inline constexpr std::size_t image_header_size = 32;               ///< sizeof(struct image_header)
inline constexpr std::size_t tlv_info_size = 4;                    ///< {u16 magic, u16 tlv_tot}
inline constexpr std::size_t tlv_header_size = 4;                  ///< {u16 type, u16 len}

/// TLV types (IMAGE_TLV_* in image.h).
enum class TlvType : std::uint16_t {
    keyhash = 0x01,
    pubkey = 0x02,
    sha256 = 0x10,
    sha384 = 0x11,
    sha512 = 0x12,
    rsa2048_pss = 0x20,
    ecdsa224 = 0x21,
    ecdsa_sig = 0x22,
    rsa3072_pss = 0x23,
    ed25519 = 0x24,
    sig_pure = 0x25,
    enc_rsa2048 = 0x30,
    enc_kw = 0x31,
    enc_ec256 = 0x32,
    enc_x25519 = 0x33,
    enc_x25519_sha512 = 0x34,
    dependency = 0x40,
    sec_cnt = 0x50,
    boot_record = 0x60,
    decomp_size = 0x70,
    decomp_sha = 0x71,
    decomp_signature = 0x72,
    comp_dec_size = 0x73,
    uuid_vid = 0x74,
    uuid_cid = 0x75,
};
/// MCUboot's name without the IMAGE_TLV_ prefix ("SHA256", "ECDSA_SIG"); "VENDOR" for the
/// vendor range 0xXXA0-0xXXFE; "UNKNOWN" otherwise.
std::string_view tlv_type_name(std::uint16_t type) noexcept;
/// True for the signature TLVs (RSA2048_PSS, ECDSA224, ECDSA_SIG, RSA3072_PSS, ED25519).
bool is_signature_tlv(std::uint16_t type) noexcept;

/// Header flags (IMAGE_F_* in image.h).
enum ImageFlag : std::uint32_t {
    flag_pic = 0x01,
    flag_encrypted_aes128 = 0x04,
    flag_encrypted_aes256 = 0x08,
    flag_non_bootable = 0x10,
    flag_ram_load = 0x20,
    flag_rom_fixed = 0x100,
    flag_compressed_lzma1 = 0x200,
    flag_compressed_lzma2 = 0x400,
    flag_compressed_arm_thumb = 0x800,
};
/// Names of the set flags, e.g. {"PIC", "NON_BOOTABLE"}; unknown bits as "0x...".
std::vector<std::string> flag_names(std::uint32_t flags);

/// struct image_header, little-endian on the wire.
struct ImageHeader {
    std::uint32_t magic = image_magic;
    std::uint32_t load_addr = 0;
    std::uint16_t hdr_size = 0;
    std::uint16_t protect_tlv_size = 0;  ///< whole protected area incl. its info header; 0 = none
    std::uint32_t img_size = 0;
    std::uint32_t flags = 0;
    ImageVersion version{};

    friend bool operator==(const ImageHeader&, const ImageHeader&) = default;
};

struct Tlv {
    std::uint16_t type = 0;
    bool in_protected_area = false;
    std::size_t offset = 0;  ///< file offset of the TLV's 4-byte header
    Bytes value{};

    std::string_view name() const noexcept { return tlv_type_name(type); }
    friend bool operator==(const Tlv&, const Tlv&) = default;
};

/// The swap trailer at the end of a padded slot (bootutil_public.c, imgtool image.py pad_to).
struct Trailer {
    std::size_t max_align = 8;  ///< 8 for the classic magic, else the alignment it encodes
    std::size_t magic_offset = 0;
    std::uint8_t image_ok = 0xff;  ///< raw byte; 0x01 (BOOT_FLAG_SET) means confirmed
    bool confirmed() const noexcept { return image_ok == 0x01; }
    friend bool operator==(const Trailer&, const Trailer&) = default;
};

struct McubootImage {
    ImageHeader header{};
    std::uint16_t protected_tlv_total = 0;  ///< tlv_tot of the 0x6908 area (0 if absent)
    std::uint16_t tlv_total = 0;            ///< tlv_tot of the 0x6907 area
    std::vector<Tlv> tlvs{};                ///< protected area first, then main area, file order
    HashAlgorithm hash_algorithm = HashAlgorithm::sha256;
    Bytes hash{};  ///< the image hash (verified against the hash TLV); what state-read reports
    std::size_t image_end = 0;  ///< end of the TLV area; bytes after it are padding/trailer
    std::size_t file_size = 0;
    Sha256Digest file_sha256{};  ///< SHA-256 of the whole input: the upload's `sha`
    std::optional<std::uint32_t> security_counter{};  ///< SEC_CNT TLV, when present
    std::optional<Trailer> trailer{};  ///< set when the input ends with a boot trailer magic

    std::string version_string() const { return header.version.to_string(); }
    /// Names of the signature TLVs present ("ECDSA_SIG", "RSA2048_PSS", ...).
    std::vector<std::string_view> signatures() const;
    /// First TLV of that type, or nullptr.
    const Tlv* find(std::uint16_t type) const noexcept;
    bool padded() const noexcept { return trailer.has_value(); }
    bool confirmed() const noexcept { return trailer && trailer->confirmed(); }
};

/// Parses and checks an MCUboot image held in memory (raw bytes of a .bin, or the bytes of
/// an Intel HEX file after parse_intel_hex).
/// Result: the parsed image, its verified hash and the SHA-256 of all of `bytes`.
/// Errors: Errc::bad_image, with a detail naming the problem and its offset: wrong magic,
/// truncated header/body/TLV area, TLV area overrun, TLV info magic or tlv_tot wrong, no or
/// several hash TLVs, hash of wrong length, hash mismatch. Never reads outside `bytes`.
/// Thread safety: pure function.
Result<McubootImage> parse_mcuboot_image(ByteView bytes);

}  // namespace smp::image
