// SPDX-License-Identifier: Apache-2.0
#include <smp/protocol/header.hpp>

namespace smp {

std::array<std::uint8_t, header_size> encode_header(const Header& h) {
    return {
        static_cast<std::uint8_t>((static_cast<unsigned>(h.version) & 0x3u) << 3 |
                                  (static_cast<unsigned>(h.op) & 0x7u)),
        h.flags,
        static_cast<std::uint8_t>(h.length >> 8),
        static_cast<std::uint8_t>(h.length & 0xff),
        static_cast<std::uint8_t>(h.group >> 8),
        static_cast<std::uint8_t>(h.group & 0xff),
        h.sequence,
        h.command,
    };
}

std::optional<Header> decode_header(ByteView bytes) {
    if (bytes.size() < header_size)
        return std::nullopt;
    // Bits 7..5 of byte 0 are reserved and must be zero (smp_protocol.rst).
    if ((bytes[0] & 0xe0u) != 0)
        return std::nullopt;
    Header h;
    h.op = static_cast<Op>(bytes[0] & 0x7u);
    h.version = static_cast<Version>((bytes[0] >> 3) & 0x3u);
    h.flags = bytes[1];
    h.length = static_cast<std::uint16_t>(bytes[2] << 8 | bytes[3]);
    h.group = static_cast<std::uint16_t>(bytes[4] << 8 | bytes[5]);
    h.sequence = bytes[6];
    h.command = bytes[7];
    return h;
}

Bytes encode_message(Header header, ByteView payload) {
    header.length = static_cast<std::uint16_t>(payload.size());
    const auto head = encode_header(header);
    Bytes out;
    out.reserve(header_size + payload.size());
    out.insert(out.end(), head.begin(), head.end());
    out.insert(out.end(), payload.begin(), payload.end());
    return out;
}

std::optional<Message> decode_message(ByteView bytes, std::size_t* consumed) {
    auto header = decode_header(bytes);
    if (!header || bytes.size() - header_size < header->length)
        return std::nullopt;
    auto body = bytes.subspan(header_size, header->length);
    if (consumed)
        *consumed = header_size + header->length;
    return Message{*header, Bytes(body.begin(), body.end())};
}

std::string to_hex(ByteView bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (auto b : bytes) {
        out.push_back(digits[b >> 4]);
        out.push_back(digits[b & 0xf]);
    }
    return out;
}

}  // namespace smp
