// SPDX-License-Identifier: Apache-2.0
#pragma once
// Typed SMP messages: each request type names its group, command, op and response type;
// the codec turns requests and responses into CBOR payloads and back, in both directions
// (the client encodes requests and decodes responses; smp::server does the reverse).
//
// A message is a plain struct. Example:
//     smp::Bytes payload = smp::encode_payload(smp::os::Echo{.d = "hi"});
//     smp::Result<smp::os::EchoResponse> r = smp::decode_response<smp::os::EchoResponse>(bytes);
#include <smp/protocol/bytes.hpp>
#include <smp/protocol/error.hpp>
#include <smp/protocol/group.hpp>
#include <smp/protocol/header.hpp>
#include <smp/protocol/result.hpp>

#include <concepts>
#include <cstdint>
#include <optional>

/// The SMP (MCUmgr) protocol and its client: headers, typed messages, errors, transports.
namespace smp {

/// Keys of a decoded map that the typed message does not know, kept (not dropped) as an
/// encoded CBOR map. Empty when there were none. See smp/protocol/cbor.hpp to inspect it.
struct Extra {
    Bytes cbor{};  ///< the unknown keys and their values, as one encoded CBOR map (empty when none)
    /// True when no unknown key was kept.
    bool empty() const noexcept { return cbor.empty(); }
    /// Byte-wise equality of the kept CBOR.
    friend bool operator==(const Extra&, const Extra&) = default;
};

/// A request type: knows where it goes and what comes back.
template <class M>
concept RequestMessage = requires {
    { M::group } -> std::convertible_to<Group>;
    { M::command } -> std::convertible_to<std::uint8_t>;
    { M::op } -> std::convertible_to<Op>;
    typename M::Response;
};

/// The CBOR map payload of a message (request or response).
template <class T>
Bytes encode_payload(const T& message);

/// Decodes a CBOR payload into T without looking for device errors (server side: requests).
/// Errors: Errc::decode_error with a detail naming the offending key.
template <class T>
Result<T> decode_payload(ByteView cbor);

/// Decodes a response payload: a device error ({"rc": n != 0} or {"err": {...}}) becomes an
/// Error whose `device` is set; anything else is decoded into T.
template <class T>
Result<T> decode_response(ByteView cbor);

/// Looks for a device error in a response payload without decoding the rest:
/// nullopt for success; Errc::decode_error when the payload is not a CBOR map.
Result<std::optional<DeviceError>> find_device_error(ByteView cbor);

/// SMP v1-style error payload {"rc": rc[, "rsn": reason]}.
Bytes encode_rc_payload(std::int64_t rc, std::string_view reason = {});

/// SMP v2 group error payload {"err": {"group": g, "rc": rc}}.
Bytes encode_group_error_payload(std::uint16_t group, std::uint16_t rc);

/// Adds or replaces `key: value` (unsigned) in an encoded response map; used for the
/// error responses that also carry a field (e.g. fs upload's "len").
Bytes with_unsigned_field(ByteView cbor_map, std::string_view key, std::uint64_t value);

/// The header of a request for M, with the payload length filled in by encode_request.
template <RequestMessage M>
constexpr Header request_header(std::uint8_t sequence, Version version = Version::v2) {
    return Header{M::op, version, 0, 0, to_underlying(M::group), sequence, M::command};
}

/// A whole request message (header + payload).
template <RequestMessage M>
Bytes encode_request(const M& request, std::uint8_t sequence, Version version = Version::v2) {
    return encode_message(request_header<M>(sequence, version), encode_payload(request));
}

}  // namespace smp
