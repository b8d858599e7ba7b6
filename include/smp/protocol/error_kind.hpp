// SPDX-License-Identifier: Apache-2.0
#pragma once
// What kind of failure an smp::Error is, and the two questions callers ask of one: is the
// link gone, and may the same request succeed if sent again. smpctl's exit codes, Python's
// exception classes and the client's retry, resume and reconnect decisions all come from here.
#include <smp/protocol/error.hpp>

#include <string_view>

namespace smp {

/// The kinds of failure, coarser than the codes. Every error has exactly one.
enum class ErrorKind {
    device,                ///< the device refused the request (Error::device names its error)
    timeout,               ///< no answer within the deadline (Errc::timeout)
    transport,             ///< the link failed or is gone (see is_link_lost), or an OS error
                           ///< of the socket or port (any category not named here)
    cancelled,             ///< the caller cancelled (Errc::cancelled)
    corrupt,               ///< damaged bytes on the link: bad_frame, crc_mismatch,
                           ///< sequence_mismatch
    protocol,              ///< the device broke the protocol or lacks what was asked:
                           ///< decode_error, protocol_violation, unsupported, message_too_large
    bad_input,             ///< a file the caller gave is unreadable or not valid: bad_image,
                           ///< bad_hex, std::generic_category (errno from opening a file)
    invalid_argument,      ///< a value the protocol cannot carry: invalid_argument, encode_error
    transfer_failed,       ///< a transfer ran out of retries (Errc::upload_failed)
    check_failed,          ///< the device's copy differs from what was sent (image_mismatch)
    image_refused,         ///< the bootloader received the image but refused it
    upgrade_not_possible,  ///< the bootloader's mode rules the upgrade out as asked
};

/// The kind of `error`: `device` whenever the device reported it, else from its code.
ErrorKind error_kind(const Error& error) noexcept;
/// "device", "timeout", "transport", ... (the enumerator's name; Python's ErrorInfo.kind).
std::string_view error_kind_name(ErrorKind kind) noexcept;

/// True when the link to the device is gone: the transport reported the link lost, or the
/// client was closed. The library's one link-lost error is Errc::not_connected, whatever the
/// transport (a BLE disconnect, a serial port unplugged, a TCP bridge that closed); every
/// request pending on that link and every later one end with it until connect() succeeds.
/// An upload or upgrade resumes after it by connecting again.
bool is_link_lost(const Error& error) noexcept;

/// True when the same request may succeed if sent again: no answer came in time, the answer
/// was damaged on the way (kinds timeout and corrupt), or the device said it is out of
/// buffers for now (SMP v1 MGMT_ERR_ENOMEM or MGMT_ERR_EBUSY: a full buffer pool). The
/// client retries idempotent requests on these (ClientOptions::retries); an image upload
/// starts over. Every other refusal is the device's verdict.
bool is_transient(const Error& error) noexcept;

}  // namespace smp
