// SPDX-License-Identifier: Apache-2.0
// Image views shared by `image` and `upgrade` (see image_output.hpp).
#include "image_output.hpp"

#include "exit_codes.hpp"

#include <smp/mcuboot/mcuboot_image.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <iostream>

namespace smpctl {

namespace {

std::string flags_text(const smp::image::ImageSlotState& s) {
    std::vector<std::string> flags;
    if (s.active)
        flags.emplace_back("active");
    if (s.confirmed)
        flags.emplace_back("confirmed");
    if (s.pending)
        flags.emplace_back("pending");
    if (s.permanent)
        flags.emplace_back("permanent");
    if (s.bootable)
        flags.emplace_back("bootable");
    return fmt::format("{}", fmt::join(flags, ","));
}

}  // namespace

Json state_json(const smp::image::StateResponse& state) {
    Json images = Json::array();
    for (const auto& s : state.images) {
        Json slot{{"image", s.image.value_or(0)}, {"slot", s.slot}, {"version", s.version}};
        slot["hash"] = s.hash ? Json(hex(*s.hash)) : Json(nullptr);
        slot["bootable"] = s.bootable;
        slot["pending"] = s.pending;
        slot["confirmed"] = s.confirmed;
        slot["active"] = s.active;
        slot["permanent"] = s.permanent;
        add_extra(slot, s.extra);
        images.push_back(slot);
    }
    Json doc{{"images", images}};
    if (state.split_status)
        doc["splitStatus"] = *state.split_status;
    return doc;
}

void print_state(const smp::image::StateResponse& state) {
    if (state.images.empty()) {
        std::cout << "no images\n";
        return;
    }
    fmt::print("{:<5} {:<4} {:<12} {:<34} {}\n", "image", "slot", "version", "hash (sha256)",
               "flags");
    for (const auto& s : state.images) {
        auto hash = s.hash ? hex(*s.hash) : std::string("-");
        if (hash.size() > 32)
            hash = hash.substr(0, 16) + ".." + hash.substr(hash.size() - 14);
        fmt::print("{:<5} {:<4} {:<12} {:<34} {}\n", s.image.value_or(0), s.slot, s.version, hash,
                   flags_text(s));
    }
}

const smp::image::ImageSlotState* active_slot(const smp::image::StateResponse& state,
                                              std::uint32_t image) {
    for (const auto& s : state.images)
        if (s.active && s.image.value_or(0) == image)
            return &s;
    return nullptr;
}

smp::mcuboot::ImageFile load_image(const std::string& path) {
    auto file = smp::mcuboot::load_image_file(path);
    if (!file)
        throw ToolError(ExitCode::bad_input,
                        fmt::format("{} is not a usable image: {}.\n  It must be a complete "
                                    "MCUboot image (imgtool sign output, .bin or Intel HEX); "
                                    "`smpctl image inspect FILE` shows what is wrong.",
                                    path, file.error().message()),
                        file.error());
    return std::move(*file);
}

Json inspect_json(const smp::mcuboot::ImageFile& file, const std::string& path) {
    const auto& img = file.image;
    const auto& h = img.header;
    Json tlvs = Json::array();
    for (const auto& tlv : img.tlvs)
        tlvs.push_back(Json{{"type", tlv.type},
                            {"name", tlv.name()},
                            {"protected", tlv.in_protected_area},
                            {"offset", tlv.offset},
                            {"length", tlv.value.size()},
                            {"value", hex(tlv.value)}});
    Json doc{
        {"file", path},
        {"format", file.format == smp::mcuboot::FileFormat::intel_hex ? "intel-hex" : "binary"},
        {"file_size", img.file_size},
        {"version", img.version_string()},
        {"header",
         {{"magic", fmt::format("0x{:08x}", h.magic)},
          {"load_addr", fmt::format("0x{:08x}", h.load_addr)},
          {"hdr_size", h.hdr_size},
          {"protect_tlv_size", h.protect_tlv_size},
          {"img_size", h.img_size},
          {"flags", smp::mcuboot::flag_names(h.flags)},
          {"version",
           {{"major", h.version.major},
            {"minor", h.version.minor},
            {"revision", h.version.revision},
            {"build", h.version.build}}}}},
        {"hash_algorithm", smp::mcuboot::algorithm_name(img.hash_algorithm)},
        {"hash", hex(img.hash)},
        {"file_sha256", hex(img.file_sha256)},
        {"signatures", img.signatures()},
        {"tlvs", tlvs}};
    if (file.base_address)
        doc["base_address"] = fmt::format("0x{:08x}", *file.base_address);
    if (img.security_counter)
        doc["security_counter"] = *img.security_counter;
    if (img.trailer)
        doc["trailer"] = Json{{"magic_offset", img.trailer->magic_offset},
                              {"confirmed", img.trailer->confirmed()}};
    return doc;
}

void print_inspect(const smp::mcuboot::ImageFile& file, const std::string& path) {
    const auto& img = file.image;
    const auto& h = img.header;
    fmt::print("file        {} ({}, {} bytes)\n", path,
               file.format == smp::mcuboot::FileFormat::intel_hex ? "Intel HEX" : "binary",
               img.file_size);
    fmt::print("version     {}\n", img.version_string());
    fmt::print(
        "header      magic 0x{:08x}, load_addr 0x{:08x}, hdr_size 0x{:x}, img_size {}, "
        "protected TLVs {} bytes\n",
        h.magic, h.load_addr, h.hdr_size, h.img_size, h.protect_tlv_size);
    const auto flags = smp::mcuboot::flag_names(h.flags);
    fmt::print("flags       {}\n",
               flags.empty() ? "none" : fmt::format("{}", fmt::join(flags, ",")));
    fmt::print("hash        {} {}\n", smp::mcuboot::algorithm_name(img.hash_algorithm),
               hex(img.hash));
    fmt::print("file sha256 {}\n", hex(img.file_sha256));
    const auto sigs = img.signatures();
    fmt::print("signatures  {}\n",
               sigs.empty() ? "none (unsigned)" : fmt::format("{}", fmt::join(sigs, ",")));
    if (img.security_counter)
        fmt::print("sec. count  {}\n", *img.security_counter);
    if (img.trailer)
        fmt::print("trailer     at 0x{:x}, {}\n", img.trailer->magic_offset,
                   img.trailer->confirmed() ? "confirmed" : "not confirmed");
    fmt::print("TLVs:\n");
    for (const auto& tlv : img.tlvs) {
        auto value = hex(tlv.value);
        if (value.size() > 64)
            value = value.substr(0, 64) + "...";
        fmt::print("  0x{:04x} {:<12} {:>4} bytes{} {}\n", tlv.type, tlv.name(), tlv.value.size(),
                   tlv.in_protected_area ? " (protected)" : "", value);
    }
}

UploadOutcome upload_with_progress(Context& ctx, const smp::mcuboot::ImageFile& file,
                                   smp::UploadOptions options, std::string_view what) {
    auto& client = ctx.client();
    if (ctx.options.window)
        options.window = ctx.options.window;
    const auto before = client.counters().retries;
    Progress progress(ctx.out, "upload", file.bytes.size());
    auto result = client.upload_image(
        file.bytes, options, [&](const smp::UploadProgress& p) { progress.update(p.bytes); });
    if (!result) {
        progress.abandon();
        throw tool_error(result.error(), fmt::format("{} to {}", what, ctx.conn()));
    }
    const auto retries = result->counters.resends + (client.counters().retries - before);
    UploadOutcome outcome{*result, progress.finish("uploaded", retries)};
    if (result->match && !*result->match)
        throw ToolError(ExitCode::check_failed,
                        fmt::format("{} to {}: the device's SHA-256 of the upload does not match "
                                    "the file; upload again",
                                    what, ctx.conn()));
    return outcome;
}

smp::Bytes parse_hex(const std::string& text, std::string_view what) {
    smp::Bytes out;
    if (text.size() % 2 != 0)
        throw ToolError(ExitCode::usage,
                        fmt::format("{}: \"{}\" is not hex (odd length)", what, text));
    for (std::size_t i = 0; i < text.size(); i += 2) {
        const int hi = smp::hex_digit_value(text[i]);
        const int lo = smp::hex_digit_value(text[i + 1]);
        if (hi < 0 || lo < 0)
            throw ToolError(ExitCode::usage,
                            fmt::format("{}: \"{}\" is not hex (character {})", what, text, i + 1));
        out.push_back(static_cast<std::uint8_t>(hi << 4 | lo));
    }
    return out;
}

}  // namespace smpctl
