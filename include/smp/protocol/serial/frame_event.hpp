// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the streaming serial decoders (decoder.hpp, raw_framing.hpp) hand back.
#include <smp/protocol/bytes.hpp>

#include <cstdint>
#include <string_view>
#include <system_error>

namespace smp::serial {

/// Why a decoder dropped input.
enum class FrameError : std::uint8_t {
    bad_base64,                  ///< a line's text is not strict base64 (or not a multiple of 4)
    bad_crc,                     ///< the frame's CRC does not match its message
    length_mismatch,             ///< more decoded bytes than the length field says, or length < 2
    continuation_without_start,  ///< a 0x04 0x14 line with no frame in progress
    oversize,                    ///< the declared length exceeds the decoder's maximum
    truncated,                   ///< a new frame started before the previous one was complete
    bad_header,                  ///< raw framing: bytes that do not start a valid SMP header
};

/// "bad_crc"-style name.
std::string_view to_string(FrameError error) noexcept;

/// Errc::crc_mismatch for bad_crc, Errc::message_too_large for oversize, Errc::bad_frame else.
std::error_code make_error_code(FrameError error) noexcept;

/// One output of a decoder.
struct FrameEvent {
    /// What an event carries.
    enum class Kind : std::uint8_t {
        message,  ///< `bytes` is one whole SMP message (8-byte header + payload)
        console,  ///< `bytes` is non-SMP text, as received (split at newlines)
        error,    ///< input was dropped, see `error`; `bytes` holds it when the decoder has it
    };
    Kind kind = Kind::message;  ///< what this event carries
    Bytes bytes{};              ///< the message, console text or dropped bytes, by kind
    FrameError error = FrameError::bad_base64;  ///< meaningful only for Kind::error

    /// True for Kind::message.
    bool is_message() const noexcept { return kind == Kind::message; }
    /// True for Kind::console.
    bool is_console() const noexcept { return kind == Kind::console; }
    /// True for Kind::error.
    bool is_error() const noexcept { return kind == Kind::error; }
    /// Field-by-field equality.
    friend bool operator==(const FrameEvent&, const FrameEvent&) = default;
};

}  // namespace smp::serial
