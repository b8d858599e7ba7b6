// SPDX-License-Identifier: Apache-2.0
#pragma once
// Strict standard base64 (RFC 4648 §4: alphabet A-Z a-z 0-9 + /, '=' padding), as used by
// the serial framing. Strict means: no whitespace, no missing padding, no bits set in the
// unused part of the last group, so every text has exactly one byte string and back.
#include <smp/protocol/bytes.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

/// The strict base64 (RFC 4648 alphabet, with padding) of the serial framing.
namespace smp::serial::base64 {

/// Characters needed to encode `size` bytes (a multiple of 4).
constexpr std::size_t encoded_size(std::size_t size) noexcept {
    return (size + 2) / 3 * 4;
}

/// Appends the base64 text of `data` to `out`.
void encode_into(ByteView data, std::string& out);
/// The base64 text of `data`, with '=' padding.
std::string encode(ByteView data);

/// The 6-bit value of a base64 character, or -1 for anything else (including '=').
int decode_char(char c) noexcept;

/// Decodes one group of 4 characters into 1..3 bytes appended to `out`. '=' may end the
/// group ("xx==" -> 1 byte, "xxx=" -> 2 bytes). Returns the number of bytes appended, or 0
/// when the group is not valid base64.
std::size_t decode_quad(const char (&quad)[4], Bytes& out);

/// Decodes a whole text (length a multiple of 4, padding only at the end); nullopt when it
/// is not valid strict base64.
std::optional<Bytes> decode(std::string_view text);

}  // namespace smp::serial::base64
