// SPDX-License-Identifier: Apache-2.0
// Untyped custom-group messages: header handling and device-error detection around an
// opaque CBOR payload.
#include <smp/protocol/custom_json.hpp>
#include <smp/protocol/messages/custom.hpp>

#include <string>

namespace smp::custom {
namespace {

// An empty CBOR map, the smallest payload every Zephyr handler accepts (protocol.md §2).
constexpr std::uint8_t empty_map = 0xa0;

}  // namespace

Result<std::optional<DeviceError>> Response::device_error() const {
    return find_device_error(cbor);
}

Bytes request_payload(const Request& request) {
    return request.cbor.empty() ? Bytes{empty_map} : request.cbor;
}

Header request_header(const Request& request, std::uint8_t sequence, Version version) {
    return Header{request.op, version, 0, 0, request.group, sequence, request.command};
}

Bytes encode_request(const Request& request, std::uint8_t sequence, Version version) {
    return encode_message(request_header(request, sequence, version), request_payload(request));
}

Result<Request> decode_request(const Message& message) {
    if (is_response(message.header.op)) {
        return Error{make_error_code(Errc::decode_error),
                     "custom request: op " +
                         std::to_string(static_cast<unsigned>(message.header.op)) +
                         " is a response op"};
    }
    return Request{message.header.group, message.header.command, message.header.op,
                   message.payload};
}

Result<Response> decode_response(ByteView cbor) {
    auto device = find_device_error(cbor);
    if (!device)
        return std::move(device).error();
    if (*device)
        return Error{make_error_code(**device), {}, std::move(**device)};
    return Response{Bytes(cbor.begin(), cbor.end())};
}

Request make_request(std::uint16_t group, std::uint8_t command, Op op, const cbor::Value& payload) {
    return Request{group, command, op, cbor::encode(payload)};
}

Response make_response(const cbor::Value& payload) {
    return Response{cbor::encode(payload)};
}

Result<cbor::Value> payload_value(const Request& request) {
    if (request.cbor.empty())
        return cbor::Value::object();
    return cbor::decode(request.cbor);
}

Result<cbor::Value> payload_value(const Response& response) {
    return cbor::decode(response.cbor);
}

}  // namespace smp::custom
