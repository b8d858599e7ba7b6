// SPDX-License-Identifier: Apache-2.0
#pragma once
// A tiny, deliberately independent MCUboot image writer for tests: every field can be set
// or broken on purpose, so the reader's error paths can be driven without imgtool.
// Layout per mcu-tools/mcuboot image.h; written here by hand, not with the library builder.
#include <smp/mcuboot/sha256.hpp>
#include <smp/protocol/bytes.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace smp::test {

struct RawTlv {
    std::uint16_t type = 0;
    Bytes value{};
};

struct RawImage {
    std::uint32_t magic = 0x96f3b83d;
    std::uint32_t load_addr = 0;
    std::uint16_t hdr_size = 32;
    std::uint32_t flags = 0;
    std::uint8_t major = 1;
    std::uint8_t minor = 2;
    std::uint16_t revision = 3;
    std::uint32_t build = 0;
    Bytes body = pattern(100);
    std::vector<RawTlv> protected_tlvs{};
    std::vector<RawTlv> tlvs{};  ///< main-area TLVs after the hash TLV
    bool add_sha256 = true;      ///< correct SHA256 TLV first in the main area
    // Overrides to write inconsistent images.
    std::optional<std::uint32_t> img_size{};
    std::optional<std::uint16_t> protect_tlv_size{};
    std::optional<std::uint16_t> protected_tlv_tot{};
    std::optional<std::uint16_t> tlv_tot{};
    std::uint16_t tlv_magic = 0x6907;
    std::uint16_t protected_tlv_magic = 0x6908;

    static Bytes pattern(std::size_t n) {
        Bytes b(n);
        for (std::size_t i = 0; i < n; ++i)
            b[i] = static_cast<std::uint8_t>(i * 7 + 1);
        return b;
    }
    static void le16(Bytes& out, std::uint16_t v) {
        out.push_back(static_cast<std::uint8_t>(v));
        out.push_back(static_cast<std::uint8_t>(v >> 8));
    }
    static void le32(Bytes& out, std::uint32_t v) {
        le16(out, static_cast<std::uint16_t>(v));
        le16(out, static_cast<std::uint16_t>(v >> 16));
    }
    static std::size_t area_size(const std::vector<RawTlv>& tlvs) {
        std::size_t n = 4;
        for (const auto& t : tlvs)
            n += 4 + t.value.size();
        return n;
    }
    static void area(Bytes& out, std::uint16_t magic, std::uint16_t tot,
                     const std::vector<RawTlv>& tlvs) {
        le16(out, magic);
        le16(out, tot);
        for (const auto& t : tlvs) {
            le16(out, t.type);
            le16(out, static_cast<std::uint16_t>(t.value.size()));
            out.insert(out.end(), t.value.begin(), t.value.end());
        }
    }

    std::size_t body_end() const { return hdr_size + body.size(); }
    std::size_t protected_size() const {
        return protected_tlvs.empty() ? 0 : area_size(protected_tlvs);
    }
    std::size_t tlv_offset() const { return body_end() + protected_size(); }

    Bytes serialize() const {
        Bytes out;
        le32(out, magic);
        le32(out, load_addr);
        le16(out, hdr_size);
        le16(out, protect_tlv_size.value_or(static_cast<std::uint16_t>(protected_size())));
        le32(out, img_size.value_or(static_cast<std::uint32_t>(body.size())));
        le32(out, flags);
        out.push_back(major);
        out.push_back(minor);
        le16(out, revision);
        le32(out, build);
        le32(out, 0);
        out.resize(hdr_size, 0);
        out.insert(out.end(), body.begin(), body.end());
        if (!protected_tlvs.empty())
            area(out, protected_tlv_magic,
                 protected_tlv_tot.value_or(static_cast<std::uint16_t>(protected_size())),
                 protected_tlvs);
        std::vector<RawTlv> main;
        if (add_sha256) {
            const auto h = mcuboot::sha256(out);
            main.push_back({0x10, Bytes(h.begin(), h.end())});
        }
        main.insert(main.end(), tlvs.begin(), tlvs.end());
        area(out, tlv_magic, tlv_tot.value_or(static_cast<std::uint16_t>(area_size(main))), main);
        return out;
    }
};

}  // namespace smp::test
