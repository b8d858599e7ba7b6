// SPDX-License-Identifier: Apache-2.0
#pragma once
// Building and reading custom-group payloads as cbor::Value (nlohmann::ordered_json).
// Separate from messages/custom.hpp so that only code that wants nlohmann includes it.
#include <smp/protocol/cbor.hpp>
#include <smp/protocol/messages/custom.hpp>

namespace smp::custom {

/// A request whose payload is `payload` encoded as (definite-length) CBOR.
Request make_request(std::uint16_t group, std::uint8_t command, Op op,
                     const cbor::Value& payload = cbor::Value::object());

/// A response whose payload is `payload` encoded as CBOR (server side).
Response make_response(const cbor::Value& payload);

/// The decoded payload of a request; an empty payload reads as an empty map.
/// Errors: Errc::decode_error when the bytes are not one CBOR item.
Result<cbor::Value> payload_value(const Request& request);

/// The decoded payload of a response. Errors: Errc::decode_error as above.
Result<cbor::Value> payload_value(const Response& response);

}  // namespace smp::custom
