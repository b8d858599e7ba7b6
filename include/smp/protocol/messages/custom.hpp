// SPDX-License-Identifier: Apache-2.0
#pragma once
// Untyped requests and responses for any group, typically application groups 64 and up
// (shared/protocol.md §4.9), whose payloads the library does not know. The payload travels
// as already-encoded CBOR; smp/protocol/custom_json.hpp builds and reads it as cbor::Value.
#include <smp/protocol/header.hpp>
#include <smp/protocol/message.hpp>

#include <cstdint>
#include <optional>

/// Requests and responses of any group, with the payload as raw CBOR.
namespace smp::custom {

/// A request to any group/command. Not a RequestMessage (its ids are values, not types):
/// send it with the encode_request below.
struct Request {
    std::uint16_t group = 0;   ///< group id for the header (any value, not only Group's)
    std::uint8_t command = 0;  ///< command id for the header
    Op op = Op::read;          ///< Op::read or Op::write
    Bytes cbor{};              ///< encoded payload, normally a CBOR map; empty sends {}
    /// Field-by-field equality.
    friend bool operator==(const Request&, const Request&) = default;
};

/// A response payload, kept as the device sent it.
struct Response {
    Bytes cbor{};  ///< the payload bytes, a CBOR map

    /// nullopt when the payload reports success; the device's v1 rc (non-zero) or v2
    /// err{group, rc} otherwise. Errors: Errc::decode_error when the payload is not a CBOR map.
    Result<std::optional<DeviceError>> device_error() const;
    /// Field-by-field equality.
    friend bool operator==(const Response&, const Response&) = default;
};

/// The payload bytes sent for `request`: its cbor, or an empty map (0xA0) when that is
/// empty, because Zephyr handlers that parse a map reject a zero-length payload (rc 3).
Bytes request_payload(const Request& request);

/// The header of `request`, with the payload length filled in by encode_request.
Header request_header(const Request& request, std::uint8_t sequence, Version version = Version::v2);

/// The whole request message (header + payload).
Bytes encode_request(const Request& request, std::uint8_t sequence, Version version = Version::v2);

/// Server side: the request in a received message. Errors: Errc::decode_error when the
/// message's op is a response op.
Result<Request> decode_request(const Message& message);

/// Client side: accepts a response payload that is a CBOR map without a device error.
/// Errors: a device error (Error::device set, as smp::decode_response reports it), or
/// Errc::decode_error when the payload is not a CBOR map.
Result<Response> decode_response(ByteView cbor);

}  // namespace smp::custom
