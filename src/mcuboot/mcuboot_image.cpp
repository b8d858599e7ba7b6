// SPDX-License-Identifier: Apache-2.0
// MCUboot image reader. Layout and checks follow mcu-tools/mcuboot bootutil: image.h (structs,
// magics, TLV ids), bootutil_tlv.c (TLV iteration: a protected area must match
// ih_protect_tlv_size), bootutil_img_hash.c (hash covers header + body + protected TLVs),
// bootutil_public.c (trailer magic). See shared/protocol.md §8.
#include <smp/mcuboot/mcuboot_image.hpp>

#include "mcuboot/detail.hpp"

#include <algorithm>
#include <array>

namespace smp::mcuboot {

namespace {

using detail::hex;
using detail::read_le16;
using detail::read_le32;

// boot_img_magic for BOOT_MAX_ALIGN == 8 (bootutil_public.c); larger alignments store the
// alignment in the first two bytes followed by the tail below (imgtool image.py).
constexpr const auto& trailer_magic_classic = detail::trailer_magic;
constexpr std::array<std::uint8_t, 14> trailer_magic_aligned_tail = {
    0x2d, 0xe1, 0x5d, 0x29, 0x41, 0x0b, 0x8d, 0x77, 0x67, 0x9c, 0x11, 0x0f, 0x1f, 0x8a};
constexpr std::size_t trailer_magic_size = 16;

Error bad_image(std::string detail) {
    return Error{Errc::bad_image, std::move(detail)};
}

}  // namespace

Result<ImageHeader> parse_image_header(ByteView bytes) {
    if (bytes.size() < image_header_size)
        return bad_image("truncated header: " + std::to_string(bytes.size()) +
                         " bytes, an MCUboot header needs 32");
    ImageHeader h;
    h.magic = read_le32(bytes, 0);
    if (h.magic != image_magic) {
        if (h.magic == image_magic_v1)
            return bad_image("legacy image magic 0x96f3b83c at offset 0x0 is not supported");
        if (h.magic == 0x3db8f396)
            return bad_image(
                "big-endian image (magic bytes 96 f3 b8 3d at offset 0x0) is not "
                "supported");
        return bad_image("bad image magic " + hex(h.magic) +
                         " at offset 0x0 (expected 0x96f3b83d)");
    }
    h.load_addr = read_le32(bytes, 4);
    h.hdr_size = read_le16(bytes, 8);
    h.protect_tlv_size = read_le16(bytes, 10);
    h.img_size = read_le32(bytes, 12);
    h.flags = read_le32(bytes, 16);
    h.version.major = bytes[20];
    h.version.minor = bytes[21];
    h.version.revision = read_le16(bytes, 22);
    h.version.build = read_le32(bytes, 24);
    if (h.hdr_size < image_header_size)
        return bad_image("hdr_size " + hex(h.hdr_size) +
                         " at offset 0x8 is smaller than the 32-byte header");
    return h;
}

namespace {

// Reads the TLVs inside [begin + 4, end) of one area into `out`.
Status read_tlvs(ByteView bytes, std::size_t begin, std::size_t end, bool is_protected,
                 std::vector<Tlv>& out) {
    const char* area = is_protected ? "protected TLV area" : "TLV area";
    std::size_t pos = begin + tlv_info_size;
    while (pos < end) {
        if (end - pos < tlv_header_size)
            return bad_image("truncated TLV header at offset " + hex(pos) + ": " + area +
                             " ends at " + hex(end));
        Tlv tlv;
        tlv.type = read_le16(bytes, pos);
        const std::size_t length = read_le16(bytes, pos + 2);
        tlv.in_protected_area = is_protected;
        tlv.offset = pos;
        if (length > end - pos - tlv_header_size)
            return bad_image("TLV " + std::string(tlv_type_name(tlv.type)) + " (" + hex(tlv.type) +
                             ") at offset " + hex(pos) + " with length " + hex(length) +
                             " overruns the " + area + " ending at " + hex(end));
        const auto value = bytes.subspan(pos + tlv_header_size, length);
        tlv.value.assign(value.begin(), value.end());
        out.push_back(std::move(tlv));
        pos += tlv_header_size + length;
    }
    return Unit{};
}

// Validates the {magic, tlv_tot} info at `off` and returns the area's end offset.
Result<std::size_t> read_area_info(ByteView bytes, std::size_t off, std::uint16_t expected_magic,
                                   std::uint16_t& total) {
    const char* area = expected_magic == protected_tlv_info_magic ? "protected TLV" : "TLV";
    if (bytes.size() < tlv_info_size || off > bytes.size() - tlv_info_size)
        return bad_image(std::string("truncated ") + area + " info at offset " + hex(off) +
                         ": file has " + hex(bytes.size()) + " bytes");
    const std::uint16_t magic = read_le16(bytes, off);
    total = read_le16(bytes, off + 2);
    if (magic != expected_magic)
        return bad_image(std::string("bad ") + area + " info magic " + hex(magic) + " at offset " +
                         hex(off) + " (expected " + hex(expected_magic) + ")");
    if (total < tlv_info_size)
        return bad_image(std::string(area) + " tlv_tot " + hex(total) + " at offset " +
                         hex(off + 2) + " is smaller than its 4-byte info header");
    if (total > bytes.size() - off)
        return bad_image(std::string(area) + " area [" + hex(off) + ", " + hex(off + total) +
                         ") overruns the file of " + hex(bytes.size()) + " bytes");
    return off + total;
}

std::optional<HashAlgorithm> hash_tlv_algorithm(std::uint16_t type) noexcept {
    switch (static_cast<TlvType>(type)) {
        case TlvType::sha256:
            return HashAlgorithm::sha256;
        case TlvType::sha384:
            return HashAlgorithm::sha384;
        case TlvType::sha512:
            return HashAlgorithm::sha512;
        default:
            return std::nullopt;
    }
}

// Checks every hash TLV against the data it covers; the first one becomes the image hash.
Status check_hashes(ByteView bytes, std::size_t hashed_size, McubootImage& image) {
    bool found = false;
    std::array<bool, 3> seen{};
    for (const Tlv& tlv : image.tlvs) {
        const auto algorithm = hash_tlv_algorithm(tlv.type);
        if (!algorithm)
            continue;
        const std::string name(tlv_type_name(tlv.type));
        auto& already = seen[static_cast<std::size_t>(*algorithm)];
        if (already)
            return bad_image("several " + name + " TLVs (second at offset " + hex(tlv.offset) +
                             ")");
        already = true;
        if (tlv.value.size() != digest_size(*algorithm))
            return bad_image(name + " TLV at offset " + hex(tlv.offset) + " has length " +
                             hex(tlv.value.size()) + ", expected " + hex(digest_size(*algorithm)));
        const Bytes computed = digest(*algorithm, bytes.first(hashed_size));
        if (computed != tlv.value)
            return bad_image(name + " mismatch: TLV at offset " + hex(tlv.offset) + " holds " +
                             to_hex(tlv.value) + ", image [0x0, " + hex(hashed_size) +
                             ") hashes to " + to_hex(computed));
        if (!found) {
            image.hash_algorithm = *algorithm;
            image.hash = computed;
            found = true;
        }
    }
    if (!found)
        return bad_image("no SHA256, SHA384 or SHA512 hash TLV in the TLV areas");
    return Unit{};
}

Status read_security_counter(McubootImage& image) {
    const Tlv* tlv = image.find(static_cast<std::uint16_t>(TlvType::sec_cnt));
    if (!tlv)
        return Unit{};
    if (tlv->value.size() != 4)
        return bad_image("SEC_CNT TLV at offset " + hex(tlv->offset) + " has length " +
                         hex(tlv->value.size()) + ", expected 0x4");
    image.security_counter = read_le32(tlv->value, 0);
    return Unit{};
}

std::size_t align_up(std::size_t value, std::size_t align) {
    return (value + align - 1) / align * align;
}

// A padded slot ends with the boot magic; image_ok sits one max_align unit before the
// (aligned) magic (imgtool image.py pad_to; bootutil boot_image_ok_off).
std::optional<Trailer> find_trailer(ByteView bytes, std::size_t image_end) {
    if (bytes.size() - image_end < trailer_magic_size)
        return std::nullopt;
    const std::size_t magic_at = bytes.size() - trailer_magic_size;
    const auto tail = bytes.subspan(magic_at);
    Trailer trailer;
    trailer.magic_offset = magic_at;
    if (std::equal(tail.begin(), tail.end(), trailer_magic_classic.begin())) {
        trailer.max_align = 8;
    } else if (std::equal(tail.begin() + 2, tail.end(), trailer_magic_aligned_tail.begin())) {
        trailer.max_align = read_le16(tail, 0);
        if (trailer.max_align != 16 && trailer.max_align != 32)
            return std::nullopt;
    } else {
        return std::nullopt;
    }
    const std::size_t back = align_up(trailer_magic_size, trailer.max_align) + trailer.max_align;
    if (bytes.size() - image_end >= back)
        trailer.image_ok = bytes[bytes.size() - back];
    return trailer;
}

}  // namespace

std::string_view tlv_type_name(std::uint16_t type) noexcept {
    switch (static_cast<TlvType>(type)) {
        case TlvType::keyhash:
            return "KEYHASH";
        case TlvType::pubkey:
            return "PUBKEY";
        case TlvType::sha256:
            return "SHA256";
        case TlvType::sha384:
            return "SHA384";
        case TlvType::sha512:
            return "SHA512";
        case TlvType::rsa2048_pss:
            return "RSA2048_PSS";
        case TlvType::ecdsa224:
            return "ECDSA224";
        case TlvType::ecdsa_sig:
            return "ECDSA_SIG";
        case TlvType::rsa3072_pss:
            return "RSA3072_PSS";
        case TlvType::ed25519:
            return "ED25519";
        case TlvType::sig_pure:
            return "SIG_PURE";
        case TlvType::enc_rsa2048:
            return "ENC_RSA2048";
        case TlvType::enc_kw:
            return "ENC_KW";
        case TlvType::enc_ec256:
            return "ENC_EC256";
        case TlvType::enc_x25519:
            return "ENC_X25519";
        case TlvType::enc_x25519_sha512:
            return "ENC_X25519_SHA512";
        case TlvType::dependency:
            return "DEPENDENCY";
        case TlvType::sec_cnt:
            return "SEC_CNT";
        case TlvType::boot_record:
            return "BOOT_RECORD";
        case TlvType::decomp_size:
            return "DECOMP_SIZE";
        case TlvType::decomp_sha:
            return "DECOMP_SHA";
        case TlvType::decomp_signature:
            return "DECOMP_SIGNATURE";
        case TlvType::comp_dec_size:
            return "COMP_DEC_SIZE";
        case TlvType::uuid_vid:
            return "UUID_VID";
        case TlvType::uuid_cid:
            return "UUID_CID";
    }
    // image.h reserves 0xXXA0-0xXXFE for vendor TLVs.
    const unsigned low = type & 0xffu;
    if (low >= 0xa0 && low <= 0xfe)
        return "VENDOR";
    return "UNKNOWN";
}

bool is_signature_tlv(std::uint16_t type) noexcept {
    switch (static_cast<TlvType>(type)) {
        case TlvType::rsa2048_pss:
        case TlvType::ecdsa224:
        case TlvType::ecdsa_sig:
        case TlvType::rsa3072_pss:
        case TlvType::ed25519:
            return true;
        default:
            return false;
    }
}

std::vector<std::string> flag_names(std::uint32_t flags) {
    static constexpr std::pair<std::uint32_t, const char*> known[] = {
        {flag_pic, "PIC"},
        {flag_encrypted_aes128, "ENCRYPTED_AES128"},
        {flag_encrypted_aes256, "ENCRYPTED_AES256"},
        {flag_non_bootable, "NON_BOOTABLE"},
        {flag_ram_load, "RAM_LOAD"},
        {flag_rom_fixed, "ROM_FIXED"},
        {flag_compressed_lzma1, "COMPRESSED_LZMA1"},
        {flag_compressed_lzma2, "COMPRESSED_LZMA2"},
        {flag_compressed_arm_thumb, "COMPRESSED_ARM_THUMB"},
    };
    std::vector<std::string> names;
    for (const auto& [bit, name] : known) {
        if (flags & bit) {
            names.emplace_back(name);
            flags &= ~bit;
        }
    }
    if (flags != 0)
        names.push_back(hex(flags));
    return names;
}

std::vector<std::string_view> McubootImage::signatures() const {
    std::vector<std::string_view> names;
    for (const Tlv& tlv : tlvs)
        if (is_signature_tlv(tlv.type))
            names.push_back(tlv.name());
    return names;
}

const Tlv* McubootImage::find(std::uint16_t type) const noexcept {
    const auto it =
        std::find_if(tlvs.begin(), tlvs.end(), [&](const Tlv& t) { return t.type == type; });
    return it == tlvs.end() ? nullptr : &*it;
}

Result<McubootImage> parse_mcuboot_image(ByteView bytes) {
    McubootImage image;
    auto header = parse_image_header(bytes);
    if (!header)
        return std::move(header).error();
    image.header = *header;
    const std::uint64_t body_end = std::uint64_t{image.header.hdr_size} + image.header.img_size;
    if (body_end > bytes.size())
        return bad_image("truncated body: hdr_size + img_size = " + hex(body_end) +
                         " but the file has " + hex(bytes.size()) + " bytes");
    std::size_t off = static_cast<std::size_t>(body_end);

    // bootutil_tlv_iter_begin: a 0x6908 area must be exactly ih_protect_tlv_size long, and a
    // non-zero ih_protect_tlv_size requires that area.
    const bool has_protected_magic =
        bytes.size() - off >= tlv_info_size && read_le16(bytes, off) == protected_tlv_info_magic;
    if (image.header.protect_tlv_size != 0 || has_protected_magic) {
        auto end = read_area_info(bytes, off, protected_tlv_info_magic, image.protected_tlv_total);
        if (!end)
            return std::move(end).error();
        if (image.protected_tlv_total != image.header.protect_tlv_size)
            return bad_image("protected TLV tlv_tot " + hex(image.protected_tlv_total) +
                             " at offset " + hex(off + 2) + " differs from the header's " +
                             "protect_tlv_size " + hex(image.header.protect_tlv_size));
        if (auto s = read_tlvs(bytes, off, *end, true, image.tlvs); !s)
            return std::move(s).error();
        off = *end;
    }
    const std::size_t hashed_size = off;
    auto end = read_area_info(bytes, off, tlv_info_magic, image.tlv_total);
    if (!end)
        return std::move(end).error();
    if (auto s = read_tlvs(bytes, off, *end, false, image.tlvs); !s)
        return std::move(s).error();
    image.image_end = *end;
    image.file_size = bytes.size();

    if (auto s = check_hashes(bytes, hashed_size, image); !s)
        return std::move(s).error();
    if (auto s = read_security_counter(image); !s)
        return std::move(s).error();
    image.file_sha256 = sha256(bytes);
    image.trailer = find_trailer(bytes, image.image_end);
    return image;
}

}  // namespace smp::mcuboot
