// SPDX-License-Identifier: Apache-2.0
// The SMP request loop of Zephyr's smp/src/smp.c (smp_process_request_packet,
// smp_handle_single_req, smp_build_err_rsp), see shared/protocol.md §1-§3: response header from the
// request header, version capped at v2, SMP-level errors as {"rc"}, group errors as v2 err{group,
// rc} or a translated v1 rc, processing stops at the first error.
#include "server/models.hpp"

#include <algorithm>

namespace smp::server {
namespace {

Header response_header(const Header& request) {
    Header h = request;
    h.op = response_op(request.op);
    h.flags = 0;
    // smp.c: nh_version > 1 ? 1 : nh_version.
    h.version = static_cast<std::uint8_t>(request.version) > 1 ? Version::v2 : request.version;
    return h;
}

Bytes rc_response(const Header& request, std::int64_t rc, const std::string& reason = {}) {
    cbor::Value map = cbor::Value::object();
    map["rc"] = rc;
    if (!reason.empty())
        map["rsn"] = reason;
    return encode_message(response_header(request), cbor::encode_indefinite(map));
}

// Encodes a handler's outcome; sets `stop` when smp.c would leave the loop (rc != 0).
Bytes encode_outcome(const Header& request, Outcome outcome, std::size_t buf_size, bool& stop) {
    if (outcome.rc != 0) {
        stop = true;
        return rc_response(request, outcome.rc);
    }
    if (outcome.group_rc && *outcome.group_rc != 0) {
        if (request.version == Version::v1) {
            const auto rc =
                static_cast<std::int64_t>(v1_rc_for_group_error(request.group, *outcome.group_rc));
            stop = rc != 0;
            return rc_response(request, rc, outcome.reason);
        }
        outcome.body["err"] = cbor::Value{{"group", request.group}, {"rc", *outcome.group_rc}};
    }
    Bytes payload = cbor::encode_indefinite(outcome.body);
    if (header_size + payload.size() > buf_size) {
        stop = true;
        return rc_response(request, static_cast<std::int64_t>(Rc::message_too_large));
    }
    return encode_message(response_header(request), payload);
}

Outcome run_handler(Models& models, const Header& header, ByteView payload, Duration now,
                    Effects& effects) {
    if (static_cast<std::uint8_t>(header.version) >= 2)
        return Outcome::error(Rc::unsupported_too_new);
    if (is_response(header.op) || static_cast<std::uint8_t>(header.op) > 3)
        return not_supported();
    GroupHandler* group = models.find(header.group);
    if (group == nullptr || header.command >= group->command_count())
        return not_supported();
    return group->handle(Request{header, payload, now, &effects});
}

}  // namespace

std::optional<cbor::Value> payload_map(ByteView payload) {
    auto value = cbor::decode(payload);
    if (!value || !value->is_object())
        return std::nullopt;
    return std::move(*value);
}

std::vector<Bytes> dispatch_packet(Models& models, ByteView packet, Duration now, Effects& effects,
                                   bool response_buffer) {
    if (models.running == Personality::mcuboot_serial)
        return dispatch_recovery_packet(models, packet, effects);
    std::vector<Bytes> responses;
    bool stop = false;
    while (!stop && packet.size() >= header_size) {
        auto header = decode_header(packet);
        if (!header)
            break;  // invalid header: no response at all
        const std::size_t available = packet.size() - header_size;
        if (available < header->length) {
            responses.push_back(rc_response(*header, static_cast<std::int64_t>(Rc::corrupt)));
            break;
        }
        const ByteView payload = packet.subspan(header_size, header->length);
        packet = packet.subspan(header_size + header->length);
        if (!response_buffer) {
            responses.push_back(rc_response(*header, static_cast<std::int64_t>(Rc::no_memory)));
            break;
        }
        ++models.requests;
        Outcome outcome = run_handler(models, *header, payload, now, effects);
        responses.push_back(encode_outcome(*header, std::move(outcome), models.buf_size(), stop));
    }
    return responses;
}

}  // namespace smp::server
