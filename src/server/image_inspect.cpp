#include "server/image_inspect.hpp"

#include <openssl/evp.h>

#include <algorithm>

namespace smp::server {
namespace {

std::uint32_t le32(ByteView b, std::size_t at) {
    return static_cast<std::uint32_t>(b[at]) | static_cast<std::uint32_t>(b[at + 1]) << 8 |
           static_cast<std::uint32_t>(b[at + 2]) << 16 |
           static_cast<std::uint32_t>(b[at + 3]) << 24;
}
std::uint16_t le16(ByteView b, std::size_t at) {
    return static_cast<std::uint16_t>(b[at] | b[at + 1] << 8);
}

constexpr std::uint16_t tlv_info_magic = 0x6907;
constexpr std::uint16_t tlv_prot_info_magic = 0x6908;
constexpr std::uint16_t tlv_sha256 = 0x10;

// Walks one TLV area starting at `at`; counts SHA256 TLVs into `hash`. Returns the area's end
// or nullopt when malformed.
std::optional<std::size_t> walk_tlvs(ByteView slot, std::size_t at, std::uint16_t magic,
                                     Bytes& hash, int& hashes) {
    if (at + 4 > slot.size() || le16(slot, at) != magic)
        return std::nullopt;
    const std::size_t end = at + le16(slot, at + 2);
    if (end > slot.size() || end < at + 4)
        return std::nullopt;
    for (std::size_t p = at + 4; p < end;) {
        if (p + 4 > end)
            return std::nullopt;
        const auto type = le16(slot, p);
        const auto len = le16(slot, p + 2);
        if (p + 4 + len > end)
            return std::nullopt;
        if (type == tlv_sha256) {
            ++hashes;
            hash.assign(slot.begin() + static_cast<std::ptrdiff_t>(p + 4),
                        slot.begin() + static_cast<std::ptrdiff_t>(p + 4 + len));
        }
        p += 4 + len;
    }
    return end;
}

}  // namespace

std::string ImageInfo::version_string() const {
    std::string s =
        std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(revision);
    if (build != 0)
        s += "." + std::to_string(build);
    return s;
}

bool has_image_magic(ByteView data) {
    return data.size() >= 4 && le32(data, 0) == image_magic;
}

Bytes sha256(ByteView data) {
    Bytes out(32);
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha256(), nullptr);
    return out;
}

std::optional<ImageInfo> inspect_image(ByteView slot) {
    if (slot.size() < image_header_size || !has_image_magic(slot))
        return std::nullopt;
    ImageInfo info;
    info.hdr_size = le16(slot, 8);
    info.protect_tlv_size = le16(slot, 10);
    info.img_size = le32(slot, 12);
    info.flags = le32(slot, 16);
    info.major = slot[20];
    info.minor = slot[21];
    info.revision = le16(slot, 22);
    info.build = le32(slot, 24);
    const std::size_t body_end = std::size_t{info.hdr_size} + info.img_size;
    if (info.hdr_size < image_header_size || body_end > slot.size())
        return std::nullopt;
    int hashes = 0;
    std::size_t at = body_end;
    if (info.protect_tlv_size != 0) {
        auto end = walk_tlvs(slot, at, tlv_prot_info_magic, info.hash, hashes);
        if (!end || *end - at != info.protect_tlv_size)
            return std::nullopt;
        at = *end;
    }
    auto end = walk_tlvs(slot, at, tlv_info_magic, info.hash, hashes);
    if (!end || hashes != 1 || info.hash.size() != 32)
        return std::nullopt;
    info.total_size = *end;
    info.hash_matches = sha256(slot.first(body_end + info.protect_tlv_size)) == info.hash;
    return info;
}

}  // namespace smp::server
