// SPDX-License-Identifier: Apache-2.0
// Codec pieces shared by every message type: device-error detection and error payloads.
#include "protocol/codec/describe.hpp"

namespace smp {
namespace codec {

Error decode_error(std::string_view type_name, const DecodeFailure& failure) {
    std::string detail = "decoding " + std::string(type_name);
    if (!failure.where.empty())
        detail += ": key '" + failure.where + "'";
    detail += ": " + failure.what;
    return Error{make_error_code(Errc::decode_error), std::move(detail)};
}

std::optional<DeviceError> device_error_in(const Value& map, bool rc_is_result) {
    if (!map.is_object())
        return std::nullopt;
    std::string reason;
    if (auto rsn = map.find("rsn"); rsn != map.end() && rsn->is_string())
        reason = rsn->get<std::string>();
    if (auto err = map.find("err"); err != map.end() && err->is_object()) {
        auto group = err->find("group");
        auto rc = err->find("rc");
        if (group != err->end() && rc != err->end() && group->is_number_unsigned() &&
            rc->is_number_unsigned()) {
            const auto rc_value = rc->get<std::uint64_t>();
            if (rc_value != 0) {
                return DeviceError{static_cast<std::uint16_t>(group->get<std::uint64_t>()),
                                   static_cast<std::int64_t>(rc_value), reason};
            }
        }
    }
    if (rc_is_result)
        return std::nullopt;
    if (auto rc = map.find("rc"); rc != map.end() && rc->is_number_integer()) {
        const auto rc_value = rc->get<std::int64_t>();
        if (rc_value != 0)
            return DeviceError{std::nullopt, rc_value, reason};
    }
    return std::nullopt;
}

}  // namespace codec

Result<std::optional<DeviceError>> find_device_error(ByteView bytes) {
    auto map = cbor::decode(bytes);
    if (!map)
        return std::move(map).error();
    if (!map->is_object())
        return Error{make_error_code(Errc::decode_error), "response payload is not a map"};
    return codec::device_error_in(*map);
}

Bytes encode_rc_payload(std::int64_t rc, std::string_view reason) {
    cbor::Value map = cbor::Value::object();
    map["rc"] = rc;
    if (!reason.empty())
        map["rsn"] = std::string(reason);
    return cbor::encode(map);
}

Bytes encode_group_error_payload(std::uint16_t group, std::uint16_t rc) {
    cbor::Value map = cbor::Value::object();
    map["err"] = cbor::Value{{"group", group}, {"rc", rc}};
    return cbor::encode(map);
}

Bytes with_unsigned_field(ByteView cbor_map, std::string_view key, std::uint64_t value) {
    auto map = cbor::decode(cbor_map);
    cbor::Value out = map && map->is_object() ? std::move(*map) : cbor::Value::object();
    out[std::string(key)] = value;
    return cbor::encode(out);
}

}  // namespace smp
