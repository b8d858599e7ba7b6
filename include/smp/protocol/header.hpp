// SPDX-License-Identifier: Apache-2.0
#pragma once
// The 8-byte SMP header (Zephyr doc/services/device_mgmt/smp_protocol.rst; smp_internal.h).
#include <smp/protocol/bytes.hpp>

#include <array>
#include <cstdint>
#include <optional>

namespace smp {

/// Operation field (3 bits).
enum class Op : std::uint8_t { read = 0, read_response = 1, write = 2, write_response = 3 };

/// Version field (2 bits): 0 is the original protocol ("SMP v1"), 1 is SMP v2. Values 2 and 3
/// are reserved; they decode as-is so a server can answer them with UNSUPPORTED_TOO_NEW.
enum class Version : std::uint8_t { v1 = 0, v2 = 1 };

/// The response op for a request op (read -> read_response, anything else -> write_response).
constexpr Op response_op(Op request) noexcept {
    return request == Op::read ? Op::read_response : Op::write_response;
}
/// True for read_response and write_response.
constexpr bool is_response(Op op) noexcept {
    return op == Op::read_response || op == Op::write_response;
}

/// The SMP header that precedes every request and response payload.
struct Header {
    /// Operation: read or write request, or their responses (3 bits on the wire).
    Op op = Op::read;
    /// Protocol version (2 bits); a v2 server answers a v1 request in v1.
    Version version = Version::v2;
    std::uint8_t flags = 0;     ///< flags byte; no flag is defined, senders use 0
    std::uint16_t length = 0;   ///< payload length, header excluded
    std::uint16_t group = 0;    ///< management group id (Group, or 64 and up for the application)
    std::uint8_t sequence = 0;  ///< chosen by the client; the response carries the same value
    std::uint8_t command = 0;   ///< command id within the group

    /// Field-by-field equality.
    friend bool operator==(const Header&, const Header&) = default;
};

/// Bytes of the SMP header on the wire.
inline constexpr std::size_t header_size = 8;

/// Big-endian wire form of a header.
std::array<std::uint8_t, header_size> encode_header(const Header& header);

/// Parses the first 8 bytes; nullopt when fewer are given or the reserved bits are set.
std::optional<Header> decode_header(ByteView bytes);

/// A whole SMP message: header + CBOR payload.
struct Message {
    Header header{};  ///< the header; its length equals payload.size() in a decoded message
    Bytes payload{};  ///< the CBOR payload, normally one map
};

/// header (with length set from the payload) followed by the payload.
Bytes encode_message(Header header, ByteView payload);

/// Splits one message off the front of `bytes`: nullopt when the header is invalid or the
/// payload is shorter than the header's length. `consumed` receives 8 + length on success.
std::optional<Message> decode_message(ByteView bytes, std::size_t* consumed = nullptr);

}  // namespace smp
