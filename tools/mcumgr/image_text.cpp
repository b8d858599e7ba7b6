// SPDX-License-Identifier: Apache-2.0
// "Images:", one block per slot, then "Split status: ...", exactly as image.go prints them.
#include "image_text.hpp"

#include "command.hpp"

#include <smp/protocol/bytes.hpp>

#include <fmt/format.h>

namespace mcumgr {

namespace {

std::string flags_text(const smp::image::ImageSlotState& s) {
    std::string out;
    // Appended piece by piece: `"x" + std::string&&` trips g++ 12's bogus -Wrestrict at -O3
    // (cmake/SmpWarnings.cmake).
    const auto add = [&out](bool on, const char* word) {
        if (!on)
            return;
        if (!out.empty())
            out += ' ';
        out += word;
    };
    add(s.active, "active");
    add(s.confirmed, "confirmed");
    add(s.pending, "pending");
    add(s.permanent, "permanent");
    return out;
}

std::string split_status_text(std::int64_t status) {
    switch (status) {
        case 0:
            return "N/A";
        case 1:
            return "non-matching";
        case 2:
            return "matching";
        default:
            return "Unknown!";
    }
}

[[noreturn]] void invalid_byte(char c) {
    const auto u = static_cast<unsigned char>(c);
    // Go's %#U: the code point, then the character quoted when it is printable.
    auto text = fmt::format("encoding/hex: invalid byte: U+{:04X}", u);
    if (u >= 0x20 && u < 0x7f)
        text += fmt::format(" '{}'", c);
    throw UsageError(text);
}

}  // namespace

std::string image_state_text(const smp::image::StateResponse& state) {
    std::string out = "Images:\n";
    for (const auto& s : state.images) {
        out += fmt::format(" image={} slot={}\n", s.image.value_or(0), s.slot);
        out += fmt::format("    version: {}\n", s.version);
        out += fmt::format("    bootable: {}\n", s.bootable);
        out += fmt::format("    flags: {}\n", flags_text(s));
        if (!s.hash || s.hash->empty())
            out += "    hash: Unavailable\n";
        else
            out += "    hash: " + smp::to_hex(*s.hash) + "\n";
    }
    const auto split = state.split_status.value_or(0);
    out += fmt::format("Split status: {} ({})\n", split_status_text(split), split);
    return out;
}

smp::Bytes decode_hex(const std::string& text) {
    smp::Bytes out;
    std::size_t i = 0;
    for (; i + 1 < text.size(); i += 2) {
        const int hi = smp::hex_digit_value(text[i]);
        const int lo = smp::hex_digit_value(text[i + 1]);
        if (hi < 0)
            invalid_byte(text[i]);
        if (lo < 0)
            invalid_byte(text[i + 1]);
        out.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
    }
    if (text.size() % 2 == 1) {
        if (smp::hex_digit_value(text.back()) < 0)
            invalid_byte(text.back());
        throw UsageError("encoding/hex: odd length hex string");
    }
    return out;
}

}  // namespace mcumgr
