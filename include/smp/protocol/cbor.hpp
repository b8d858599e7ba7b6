// SPDX-License-Identifier: Apache-2.0
#pragma once
// CBOR values on nlohmann::ordered_json, for custom groups and for inspecting Extra.
// This header pulls in <nlohmann/json.hpp>; the typed message headers do not.
#include <smp/protocol/bytes.hpp>
#include <smp/protocol/message.hpp>
#include <smp/protocol/result.hpp>

#include <nlohmann/json.hpp>

/// CBOR values as nlohmann::ordered_json: decode, encode, inspect.
namespace smp::cbor {

/// A decoded CBOR item; CBOR byte strings are its binary values.
using Value = nlohmann::ordered_json;

/// Bounds decode() enforces on untrusted input.
struct DecodeLimits {
    std::size_t max_depth = 16;  ///< maps/arrays nested deeper are rejected
};

/// Decodes exactly one CBOR item occupying all of `bytes`. Definite and indefinite lengths;
/// byte strings become Value::binary. Never throws; never allocates more than the input
/// justifies (a declared length beyond the input is rejected before anything is built).
/// Errors: Errc::decode_error with a detail.
Result<Value> decode(ByteView bytes, DecodeLimits limits = {});

/// Definite-length canonical-ish CBOR (maps keep insertion order).
Bytes encode(const Value& value);

/// Maps and arrays as indefinite-length items (0xBF ... 0xFF), as Zephyr's zcbor emits them.
Bytes encode_indefinite(const Value& value);

/// A CBOR byte string value (no subtype, so no tag is emitted).
Value bytes(ByteView data);

/// The unknown keys kept in an Extra as a map (empty map when none).
Value to_value(const Extra& extra);

}  // namespace smp::cbor
