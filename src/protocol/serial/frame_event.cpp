// SPDX-License-Identifier: Apache-2.0
// Names and error codes of the serial decoders' errors.
#include <smp/protocol/error.hpp>
#include <smp/protocol/serial/frame_event.hpp>

namespace smp::serial {

std::string_view to_string(FrameError error) noexcept {
    switch (error) {
        case FrameError::bad_base64:
            return "bad_base64";
        case FrameError::bad_crc:
            return "bad_crc";
        case FrameError::length_mismatch:
            return "length_mismatch";
        case FrameError::continuation_without_start:
            return "continuation_without_start";
        case FrameError::oversize:
            return "oversize";
        case FrameError::truncated:
            return "truncated";
        case FrameError::bad_header:
            return "bad_header";
    }
    return "?";
}

std::error_code make_error_code(FrameError error) noexcept {
    switch (error) {
        case FrameError::bad_crc:
            return smp::make_error_code(Errc::crc_mismatch);
        case FrameError::oversize:
            return smp::make_error_code(Errc::message_too_large);
        default:
            return smp::make_error_code(Errc::bad_frame);
    }
}

}  // namespace smp::serial
