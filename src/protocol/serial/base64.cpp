// SPDX-License-Identifier: Apache-2.0
// Strict base64 for the serial framing. Written here (not OpenSSL's EVP_DecodeBlock) because
// the decoder must reject what OpenSSL tolerates (whitespace, non-canonical trailing bits) and
// must decode one 4-character group at a time while a line streams in.
#include <smp/protocol/serial/base64.hpp>

namespace smp::serial::base64 {
namespace {

constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

void encode_into(ByteView data, std::string& out) {
    out.reserve(out.size() + encoded_size(data.size()));
    std::size_t i = 0;
    for (; i + 3 <= data.size(); i += 3) {
        const unsigned v = unsigned(data[i]) << 16 | unsigned(data[i + 1]) << 8 | data[i + 2];
        out += alphabet[v >> 18 & 63];
        out += alphabet[v >> 12 & 63];
        out += alphabet[v >> 6 & 63];
        out += alphabet[v & 63];
    }
    const std::size_t rest = data.size() - i;
    if (rest == 0)
        return;
    unsigned v = unsigned(data[i]) << 16;
    if (rest == 2)
        v |= unsigned(data[i + 1]) << 8;
    out += alphabet[v >> 18 & 63];
    out += alphabet[v >> 12 & 63];
    out += rest == 2 ? alphabet[v >> 6 & 63] : '=';
    out += '=';
}

std::string encode(ByteView data) {
    std::string out;
    encode_into(data, out);
    return out;
}

int decode_char(char c) noexcept {
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

std::size_t decode_quad(const char (&quad)[4], Bytes& out) {
    const int a = decode_char(quad[0]);
    const int b = decode_char(quad[1]);
    if (a < 0 || b < 0)
        return 0;
    const int c = decode_char(quad[2]);
    const int d = decode_char(quad[3]);
    const unsigned v = unsigned(a) << 18 | unsigned(b) << 12 | unsigned(c < 0 ? 0 : c) << 6 |
                       unsigned(d < 0 ? 0 : d);
    if (c >= 0 && d >= 0) {
        out.push_back(static_cast<std::uint8_t>(v >> 16));
        out.push_back(static_cast<std::uint8_t>(v >> 8));
        out.push_back(static_cast<std::uint8_t>(v));
        return 3;
    }
    // Padded group: "xxx=" carries 2 bytes, "xx==" one; the unused bits must be zero.
    if (c >= 0 && quad[3] == '=' && (v & 0xffu) == 0) {
        out.push_back(static_cast<std::uint8_t>(v >> 16));
        out.push_back(static_cast<std::uint8_t>(v >> 8));
        return 2;
    }
    if (quad[2] == '=' && quad[3] == '=' && (v & 0xffffu) == 0) {
        out.push_back(static_cast<std::uint8_t>(v >> 16));
        return 1;
    }
    return 0;
}

std::optional<Bytes> decode(std::string_view text) {
    if (text.size() % 4 != 0)
        return std::nullopt;
    Bytes out;
    out.reserve(text.size() / 4 * 3);
    for (std::size_t i = 0; i < text.size(); i += 4) {
        const char quad[4] = {text[i], text[i + 1], text[i + 2], text[i + 3]};
        const std::size_t n = decode_quad(quad, out);
        if (n == 0 || (n < 3 && i + 4 != text.size()))
            return std::nullopt;
    }
    return out;
}

}  // namespace smp::serial::base64
