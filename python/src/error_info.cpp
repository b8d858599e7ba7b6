// SPDX-License-Identifier: Apache-2.0
// smp::Error -> ErrorInfo (see error_info.hpp).
#include "error_info.hpp"

#include <iterator>
#include <string_view>

namespace smp::python {

namespace {

// Errc names as Python users see them (ErrorInfo::code), in enum order from timeout = 1.
constexpr std::string_view errc_names[] = {"timeout",
                                           "not_connected",
                                           "message_too_large",
                                           "decode_error",
                                           "encode_error",
                                           "bad_frame",
                                           "crc_mismatch",
                                           "sequence_mismatch",
                                           "transport_error",
                                           "cancelled",
                                           "invalid_argument",
                                           "bad_image",
                                           "bad_hex",
                                           "upload_failed",
                                           "image_mismatch",
                                           "unsupported",
                                           "protocol_violation",
                                           "image_refused",
                                           "upgrade_not_possible"};

std::string errc_name(const std::error_code& code) {
    if (code.category() != client_category())
        return code.category().name();
    const auto index = static_cast<std::size_t>(code.value()) - 1;
    return index < std::size(errc_names) ? std::string(errc_names[index]) : "unknown";
}

std::string kind_of(const Error& error) {
    if (error.device)
        return "device";
    if (error.code == Errc::timeout)
        return "timeout";
    if (error.code == Errc::not_connected || error.code == Errc::transport_error)
        return "transport";
    if (error.code == Errc::cancelled)
        return "cancelled";
    return "error";
}

}  // namespace

ErrorInfo error_info(const Error& error) {
    ErrorInfo info{.kind = kind_of(error), .message = error.message()};
    if (!error.device) {
        info.code = errc_name(error.code);
        return info;
    }
    const auto& device = *error.device;
    info.group = device.group;
    info.rc = device.rc;
    info.reason = device.reason;
    info.name = device.group
                    ? group_error_name(*device.group, static_cast<std::uint16_t>(device.rc))
                    : std::string(rc_name(device.rc));
    return info;
}

}  // namespace smp::python
