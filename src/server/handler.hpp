// SPDX-License-Identifier: Apache-2.0
#pragma once
// What a group handler sees and returns. Private to smp_server (it includes nlohmann/json).
#include <smp/protocol/cbor.hpp>
#include <smp/protocol/header.hpp>
#include <smp/protocol/message.hpp>
#include <smp/server/device.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace smp::server {

/// Side effects a handler asks the I/O shell for.
struct Effects {
    Duration busy{0};
    bool reset = false;
    Duration reset_delay{0};
};

struct Request {
    Header header{};
    ByteView payload{};
    Duration now{0};
    Effects* effects = nullptr;
};

/// A handler's answer: the fields encoded so far, and optionally an SMP-level rc or a group
/// error (Zephyr's smp_add_cmd_err). The dispatcher turns it into a v1 or v2 payload.
struct Outcome {
    cbor::Value body = cbor::Value::object();
    std::int64_t rc = 0;                      ///< SMP-level error (MGMT_ERR_*), 0 = none
    std::optional<std::uint16_t> group_rc{};  ///< group error of the handler's group
    /// CONFIG_MCUMGR_SMP_VERBOSE_ERR_RESPONSE: the "rsn" text a v1 error answer carries.
    std::string reason{};

    static Outcome ok(cbor::Value body = cbor::Value::object()) {
        Outcome o;
        o.body = std::move(body);
        return o;
    }
    static Outcome error(Rc rc) {
        Outcome o;
        o.rc = static_cast<std::int64_t>(rc);
        return o;
    }
    Outcome with_reason(std::string text) && {
        reason = std::move(text);
        return std::move(*this);
    }
    template <class E>
    static Outcome group_error(E rc, cbor::Value partial = cbor::Value::object()) {
        Outcome o;
        o.body = std::move(partial);
        o.group_rc = static_cast<std::uint16_t>(rc);
        return o;
    }
};

/// The one answer for a group, command or op the device has no handler for, as Zephyr's
/// smp.c gives it: MGMT_ERR_ENOTSUP, {"rc": 8} (shared/protocol.md §2).
inline Outcome not_supported() {
    return Outcome::error(Rc::not_supported);
}

/// The encoded form of a typed response, as a map to return (or extend).
template <class T>
cbor::Value to_body(const T& response) {
    auto value = cbor::decode(encode_payload(response));
    return value ? std::move(*value) : cbor::Value::object();
}

/// A typed response as a handler's success outcome (the dispatcher re-encodes it with
/// indefinite-length maps, as zcbor does).
template <class T>
Outcome reply(const T& response) {
    return Outcome::ok(to_body(response));
}

/// The request payload decoded into its typed message; nullopt when it is not a map or a
/// known key has the wrong type or a required one is missing, which Zephyr's
/// zcbor_map_decode_bulk callers answer with rc 3 (shared/protocol.md §2).
template <class T>
std::optional<T> decode_request(ByteView payload) {
    auto decoded = decode_payload<T>(payload);
    if (!decoded)
        return std::nullopt;
    return std::move(*decoded);
}

/// The request payload as a map; nullopt when it is not one (handlers answer rc 3).
std::optional<cbor::Value> payload_map(ByteView payload);

/// One management group, like Zephyr's struct mgmt_group; the groups build their table of
/// commands with CommandTable (server/groups/command_table.hpp).
class GroupHandler {
  public:
    virtual ~GroupHandler() = default;
    virtual std::uint16_t id() const = 0;
    virtual std::string_view name() const = 0;
    virtual std::size_t command_count() const = 0;
    /// not_supported() for commands or ops the group does not handle.
    virtual Outcome handle(const Request& request) = 0;
    /// The device rebooted: drop RAM state (upload contexts, open files).
    virtual void on_reset() {}
};

}  // namespace smp::server
