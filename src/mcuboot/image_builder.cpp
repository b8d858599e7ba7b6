// SPDX-License-Identifier: Apache-2.0
// Image layout as written by imgtool image.py (create / pad_to) and read by bootutil.
#include <smp/mcuboot/image_builder.hpp>

#include "mcuboot/detail.hpp"

#include <algorithm>
#include <array>
#include <limits>

namespace smp::mcuboot {

namespace {

using detail::append_le16;
using detail::append_le32;
using detail::hex;
using detail::trailer_magic;

Error invalid(std::string detail) {
    return Error{Errc::invalid_argument, std::move(detail)};
}

// {magic, tlv_tot} followed by the TLVs; empty when there are none.
Result<Bytes> tlv_area(std::uint16_t magic, const std::vector<ImageTlvValue>& tlvs) {
    std::size_t total = tlv_info_size;
    for (const auto& t : tlvs) {
        if (t.value.size() > std::numeric_limits<std::uint16_t>::max())
            return invalid("TLV " + hex(t.type) + " value exceeds 65535 bytes");
        total += tlv_header_size + t.value.size();
    }
    if (total > std::numeric_limits<std::uint16_t>::max())
        return invalid("TLV area " + hex(magic) + " exceeds 65535 bytes");
    Bytes out;
    out.reserve(total);
    append_le16(out, magic);
    append_le16(out, static_cast<std::uint16_t>(total));
    for (const auto& t : tlvs) {
        append_le16(out, t.type);
        append_le16(out, static_cast<std::uint16_t>(t.value.size()));
        out.insert(out.end(), t.value.begin(), t.value.end());
    }
    return out;
}

void append_header(Bytes& out, const ImageBuildOptions& o, std::uint16_t protect_tlv_size,
                   std::uint32_t img_size) {
    append_le32(out, image_magic);
    append_le32(out, o.load_addr);
    append_le16(out, o.header_size);
    append_le16(out, protect_tlv_size);
    append_le32(out, img_size);
    append_le32(out, o.flags);
    out.push_back(o.version.major);
    out.push_back(o.version.minor);
    append_le16(out, o.version.revision);
    append_le32(out, o.version.build);
    append_le32(out, 0);  // _pad1
    out.resize(o.header_size, 0);
}

std::uint16_t hash_tlv_type(HashAlgorithm algorithm) {
    switch (algorithm) {
        case HashAlgorithm::sha256:
            return static_cast<std::uint16_t>(TlvType::sha256);
        case HashAlgorithm::sha384:
            return static_cast<std::uint16_t>(TlvType::sha384);
        case HashAlgorithm::sha512:
            return static_cast<std::uint16_t>(TlvType::sha512);
    }
    return static_cast<std::uint16_t>(TlvType::sha256);
}

Status pad_to_slot(Bytes& image, const ImageBuildOptions& o) {
    const std::size_t slot = *o.slot_size;
    if (slot < image.size() || slot - image.size() < default_trailer_size)
        return invalid("slot size " + hex(slot) + " cannot hold the image (" + hex(image.size()) +
                       " bytes) and its trailer (" + hex(default_trailer_size) + " bytes)");
    image.resize(slot, 0xff);
    std::copy(trailer_magic.begin(), trailer_magic.end(), image.end() - trailer_magic.size());
    // image_ok: one 8-byte unit before the magic (bootutil boot_image_ok_off).
    if (o.confirm)
        image[slot - trailer_magic.size() - 8] = 0x01;
    return Unit{};
}

}  // namespace

Result<Bytes> build_mcuboot_image(ByteView payload, const ImageBuildOptions& o) {
    if (o.header_size < image_header_size)
        return invalid("header_size " + hex(o.header_size) + " is smaller than 32");
    if (payload.size() > std::numeric_limits<std::uint32_t>::max())
        return invalid("payload exceeds 4 GiB");
    if (o.confirm && !o.slot_size)
        return invalid("confirm needs slot_size (the flag lives in the slot trailer)");

    std::vector<ImageTlvValue> protected_tlvs;
    if (o.security_counter) {
        Bytes counter;
        append_le32(counter, *o.security_counter);
        protected_tlvs.push_back({static_cast<std::uint16_t>(TlvType::sec_cnt), counter});
    }
    protected_tlvs.insert(protected_tlvs.end(), o.protected_tlvs.begin(), o.protected_tlvs.end());
    Bytes protected_area;
    if (!protected_tlvs.empty()) {
        auto area = tlv_area(protected_tlv_info_magic, protected_tlvs);
        if (!area)
            return std::move(area).error();
        protected_area = std::move(*area);
    }

    Bytes image;
    append_header(image, o, static_cast<std::uint16_t>(protected_area.size()),
                  static_cast<std::uint32_t>(payload.size()));
    image.insert(image.end(), payload.begin(), payload.end());
    image.insert(image.end(), protected_area.begin(), protected_area.end());

    std::vector<ImageTlvValue> tlvs;
    tlvs.push_back({hash_tlv_type(o.hash), digest(o.hash, image)});
    tlvs.insert(tlvs.end(), o.tlvs.begin(), o.tlvs.end());
    auto area = tlv_area(tlv_info_magic, tlvs);
    if (!area)
        return std::move(area).error();
    image.insert(image.end(), area->begin(), area->end());

    if (o.slot_size)
        if (auto s = pad_to_slot(image, o); !s)
            return std::move(s).error();
    return image;
}

}  // namespace smp::mcuboot
