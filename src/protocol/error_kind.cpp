// SPDX-License-Identifier: Apache-2.0
// The classification of errors (see smp/protocol/error_kind.hpp).
#include <smp/protocol/error_kind.hpp>

#include <string_view>

namespace smp {
namespace {

ErrorKind kind_of(Errc code) noexcept {
    switch (code) {
        case Errc::timeout:
            return ErrorKind::timeout;
        case Errc::not_connected:
        case Errc::transport_error:
            return ErrorKind::transport;
        case Errc::cancelled:
            return ErrorKind::cancelled;
        case Errc::bad_frame:
        case Errc::crc_mismatch:
        case Errc::sequence_mismatch:
            return ErrorKind::corrupt;
        case Errc::decode_error:
        case Errc::protocol_violation:
        case Errc::unsupported:
        case Errc::message_too_large:
            return ErrorKind::protocol;
        case Errc::bad_image:
        case Errc::bad_hex:
            return ErrorKind::bad_input;
        case Errc::invalid_argument:
        case Errc::encode_error:
            return ErrorKind::invalid_argument;
        case Errc::upload_failed:
            return ErrorKind::transfer_failed;
        case Errc::image_mismatch:
            return ErrorKind::check_failed;
        case Errc::image_refused:
            return ErrorKind::image_refused;
        case Errc::upgrade_not_possible:
            return ErrorKind::upgrade_not_possible;
    }
    return ErrorKind::transport;  // not an Errc value: treated as any unknown code below
}

}  // namespace

ErrorKind error_kind(const Error& error) noexcept {
    if (error.device)
        return ErrorKind::device;
    const auto& category = error.code.category();
    if (category == client_category())
        return kind_of(static_cast<Errc>(error.code.value()));
    // errno of a file the caller named (image_file.cpp reads images this way).
    if (category == std::generic_category())
        return ErrorKind::bad_input;
    // A device's rc or group error carried as a bare code: the other "smp." categories.
    if (std::string_view(category.name()).starts_with("smp."))
        return ErrorKind::device;
    return ErrorKind::transport;  // an OS or Asio error of the socket or port
}

std::string_view error_kind_name(ErrorKind kind) noexcept {
    switch (kind) {
        case ErrorKind::device:
            return "device";
        case ErrorKind::timeout:
            return "timeout";
        case ErrorKind::transport:
            return "transport";
        case ErrorKind::cancelled:
            return "cancelled";
        case ErrorKind::corrupt:
            return "corrupt";
        case ErrorKind::protocol:
            return "protocol";
        case ErrorKind::bad_input:
            return "bad_input";
        case ErrorKind::invalid_argument:
            return "invalid_argument";
        case ErrorKind::transfer_failed:
            return "transfer_failed";
        case ErrorKind::check_failed:
            return "check_failed";
        case ErrorKind::image_refused:
            return "image_refused";
        case ErrorKind::upgrade_not_possible:
            return "upgrade_not_possible";
    }
    return "?";
}

bool is_link_lost(const Error& error) noexcept {
    return !error.device && error.code == make_error_code(Errc::not_connected);
}

bool is_transient(const Error& error) noexcept {
    if (const auto& device = error.device) {
        // A full buffer pool (img_mgmt.c, smp.c): the same request fits once buffers free up.
        return !device->group && (device->rc == static_cast<std::int64_t>(Rc::no_memory) ||
                                  device->rc == static_cast<std::int64_t>(Rc::busy));
    }
    const auto kind = error_kind(error);
    return kind == ErrorKind::timeout || kind == ErrorKind::corrupt;
}

}  // namespace smp
