// SPDX-License-Identifier: Apache-2.0
#pragma once
// The error model: the library's own errors, SMP v1 `rc` values, and one category per
// management group for SMP v2 `err{group, rc}` (Zephyr mgmt_defines.h and grp/*/ headers).
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace smp {

/// Errors raised by this library itself (not by a device).
enum class Errc {
    timeout = 1,         ///< no response within the deadline
    not_connected,       ///< no transport, or it was closed
    message_too_large,   ///< a message exceeds the device's or transport's limit
    decode_error,        ///< bytes from the device are not a valid SMP message
    encode_error,        ///< a value cannot be encoded
    bad_frame,           ///< serial frame rejected (base64, length)
    crc_mismatch,        ///< serial frame CRC is wrong
    sequence_mismatch,   ///< a response that matches no outstanding request
    transport_error,     ///< the transport failed (I/O error)
    cancelled,           ///< the caller cancelled the operation
    invalid_argument,    ///< the caller passed a value the protocol cannot carry
    bad_image,           ///< not a valid MCUboot image
    bad_hex,             ///< malformed Intel HEX input
    upload_failed,       ///< an upload could not complete within its retry budget
    image_mismatch,      ///< the device's copy does not match what was sent
    unsupported,         ///< the device does not support what was asked
    protocol_violation,  ///< the device broke a protocol rule (e.g. offset went backwards)
    image_refused,       ///< the bootloader received the whole image but does not list it
    /// the device's bootloader mode rules this upgrade out as asked (direct-XIP: a version
    /// not newer than the running one; single-slot: only through the bootloader)
    upgrade_not_possible,
};
/// The error category of Errc (named "smp.client").
const std::error_category& client_category() noexcept;
/// Wraps a client error in a std::error_code of client_category().
std::error_code make_error_code(Errc e) noexcept;
/// The enumerator's own name: "timeout", "bad_image" ...; "?" for a value outside the enum.
/// Python's ErrorInfo.code and smpctl's --json carry it.
std::string_view errc_name(Errc e) noexcept;

/// SMP-level return codes (enum mcumgr_err_t); also the whole of SMP v1 error reporting.
enum class Rc {
    ok = 0,
    unknown = 1,
    no_memory = 2,
    invalid_value = 3,
    timeout = 4,
    no_entry = 5,
    bad_state = 6,
    message_too_large = 7,
    not_supported = 8,
    corrupt = 9,
    busy = 10,
    access_denied = 11,
    unsupported_too_old = 12,
    unsupported_too_new = 13,
    per_user = 256,
};
/// The error category of Rc, the SMP v1 return codes (named "smp.rc").
const std::error_category& rc_category() noexcept;
/// Wraps an SMP v1 return code in a std::error_code of rc_category().
std::error_code make_error_code(Rc e) noexcept;
/// Zephyr's enumerator name of an SMP v1 rc: "MGMT_ERR_EINVAL"; the per-user range is
/// "MGMT_ERR_EPERUSER" (256) and "MGMT_ERR_EPERUSER+n" (256 + n); an rc without a name is
/// "MGMT_ERR_" and its number ("MGMT_ERR_14").
std::string rc_name(std::int64_t rc);

// SMP v2 group error enums; the numeric value is the rc inside err{group, rc}.
/// OS management group (0) SMP v2 errors (OS_MGMT_ERR_*).
enum class OsError {
    ok = 0,
    unknown,
    invalid_format,
    query_yields_no_answer,
    rtc_not_set,
    rtc_command_failed,
    query_response_value_not_valid,
    heap_stats_fetch_failed
};
/// Image management group (1) SMP v2 errors (IMG_MGMT_ERR_*).
enum class ImageError {
    ok = 0,
    unknown,
    flash_config_query_fail,
    no_image,
    no_tlvs,
    invalid_tlv,
    tlv_multiple_hashes_found,
    tlv_invalid_size,
    hash_not_found,
    no_free_slot,
    flash_open_failed,
    flash_read_failed,
    flash_write_failed,
    flash_erase_failed,
    invalid_slot,
    no_free_memory,
    flash_context_already_set,
    flash_context_not_set,
    flash_area_device_null,
    invalid_page_offset,
    invalid_offset,
    invalid_length,
    invalid_image_header,
    invalid_image_header_magic,
    invalid_hash,
    invalid_flash_address,
    version_get_failed,
    current_version_is_newer,
    image_already_pending,
    invalid_image_vector_table,
    invalid_image_too_large,
    invalid_image_data_overrun,
    image_confirmation_denied,
    image_setting_test_to_active_denied,
    active_slot_not_known
};
/// Statistics management group (2) SMP v2 errors (STAT_MGMT_ERR_*).
enum class StatError {
    ok = 0,
    unknown,
    invalid_group,
    invalid_stat_name,
    invalid_stat_size,
    walk_aborted
};
/// Settings management group (3) SMP v2 errors (SETTINGS_MGMT_ERR_*).
enum class SettingsError {
    ok = 0,
    unknown,
    key_too_long,
    key_not_found,
    read_not_supported,
    root_key_not_found,
    write_not_supported,
    delete_not_supported,
    save_not_supported
};
/// File system management group (8) SMP v2 errors (FS_MGMT_ERR_*).
enum class FsError {
    ok = 0,
    unknown,
    file_invalid_name,
    file_not_found,
    file_is_directory,
    file_open_failed,
    file_seek_failed,
    file_read_failed,
    file_truncate_failed,
    file_delete_failed,
    file_write_failed,
    file_offset_not_valid,
    file_offset_larger_than_file,
    checksum_hash_not_found,
    mount_point_not_found,
    read_only_filesystem,
    file_empty,
    file_close_failed
};
/// Shell management group (9) SMP v2 errors (SHELL_MGMT_ERR_*).
enum class ShellError { ok = 0, unknown, command_too_long, empty_command };
/// Enumeration management group (10) SMP v2 errors (ENUM_MGMT_ERR_*).
enum class EnumError {
    ok = 0,
    unknown,
    too_many_group_entries,
    insufficient_heap_for_entries,
    index_too_large
};
/// Transport (bridge) management group (11) SMP v2 errors (TRANSPORT_MGMT_ERR_*).
enum class TransportError {
    ok = 0,
    unknown,
    missing_required_functions,
    missing_info_functions,
    invalid_transport,
    invalid_mode,
    all_contexts_used,
    both_transport_and_all_parameters,
    not_bridged,
    same_bridge_device_disallowed,
    ingoing_not_supported,
    outgoing_not_supported,
    incoming_already_bridged,
    outgoing_already_bridged,
    connect_missing_parameter,
    connect_invalid_parameter,
    connect_unsupported_parameter,
    connect_failed
};
/// Zephyr basic management group (63) SMP v2 errors (ZEPHYRBASIC_MGMT_ERR_*).
enum class ZephyrBasicError {
    ok = 0,
    unknown,
    flash_open_failed,
    flash_config_query_fail,
    flash_erase_failed
};

std::error_code make_error_code(OsError e) noexcept;           ///< as a code of its group
std::error_code make_error_code(ImageError e) noexcept;        ///< as a code of its group
std::error_code make_error_code(StatError e) noexcept;         ///< as a code of its group
std::error_code make_error_code(SettingsError e) noexcept;     ///< as a code of its group
std::error_code make_error_code(FsError e) noexcept;           ///< as a code of its group
std::error_code make_error_code(ShellError e) noexcept;        ///< as a code of its group
std::error_code make_error_code(EnumError e) noexcept;         ///< as a code of its group
std::error_code make_error_code(TransportError e) noexcept;    ///< as a code of its group
std::error_code make_error_code(ZephyrBasicError e) noexcept;  ///< as a code of its group

/// The category of a group's v2 errors; groups without a known table (user groups) share a
/// generic category whose messages name the rc only.
const std::error_category& group_error_category(std::uint16_t group) noexcept;
/// A std::error_code for rc in group's SMP v2 error table (group_error_category(group)).
std::error_code make_group_error_code(std::uint16_t group, std::uint16_t rc) noexcept;
/// Zephyr's enumerator name of a group's SMP v2 error: "IMG_MGMT_ERR_NO_FREE_SLOT"; an rc
/// without a name is the prefix and its number ("IMG_MGMT_ERR_99"), a group without a table
/// "GROUP_ERR_" and the rc ("GROUP_ERR_5").
std::string group_error_name(std::uint16_t group, std::uint16_t rc);

/// How Zephyr reports a group error to an SMP v1 client (smp.c translation functions).
Rc v1_rc_for_group_error(std::uint16_t group, std::uint16_t rc) noexcept;

/// What a device said when it refused a request.
struct DeviceError {
    std::optional<std::uint16_t> group{};  ///< set for SMP v2 err{group, rc}
    std::int64_t rc = 0;                   ///< v1 rc, or the group's rc
    std::string reason{};                  ///< the device's "rsn" text, if any

    /// Equal when group, rc and reason are all equal.
    friend bool operator==(const DeviceError&, const DeviceError&) = default;
};
/// The device error as a std::error_code: the group's category for v2, else rc_category().
std::error_code make_error_code(const DeviceError& e) noexcept;
/// The one spelling of a device error, used by Error::message, smpctl and Python:
/// group_error_name for SMP v2 err{group, rc}, rc_name for an SMP v1 rc.
std::string device_error_name(const DeviceError& e);

/// An error with the context a user needs: what was tried, the device's own words.
struct Error {
    Error() = default;
    /// An error with the given code, optional detail text and optional device error.
    Error(std::error_code code_, std::string detail_ = {}, std::optional<DeviceError> device_ = {})
        : code(code_), detail(std::move(detail_)), device(std::move(device_)) {}

    /// What went wrong (an Errc, Rc or group error code).
    std::error_code code{};
    std::string detail{};                 ///< what was tried (device, address, timeout ...)
    std::optional<DeviceError> device{};  ///< present when the device reported the error

    /// One line: the code's message, the device's error (device_error_name, group, rc) and
    /// reason, then detail: "... (MGMT_ERR_EINVAL, rc 3): device says \"...\"; detail".
    std::string message() const;
};

/// Exception form of Error (thrown by Result::value() and the blocking client).
class SystemError : public std::system_error {
  public:
    /// Takes the error; what() is error.message().
    explicit SystemError(Error error);
    /// The error this exception was made from.
    const Error& error() const noexcept { return error_; }

  private:
    Error error_{};
};

}  // namespace smp

/// @cond INTERNAL
template <>
struct std::is_error_code_enum<smp::Errc> : std::true_type {};
template <>
struct std::is_error_code_enum<smp::Rc> : std::true_type {};
template <>
struct std::is_error_code_enum<smp::OsError> : std::true_type {};
template <>
struct std::is_error_code_enum<smp::ImageError> : std::true_type {};
template <>
struct std::is_error_code_enum<smp::StatError> : std::true_type {};
template <>
struct std::is_error_code_enum<smp::SettingsError> : std::true_type {};
template <>
struct std::is_error_code_enum<smp::FsError> : std::true_type {};
template <>
struct std::is_error_code_enum<smp::ShellError> : std::true_type {};
template <>
struct std::is_error_code_enum<smp::EnumError> : std::true_type {};
template <>
struct std::is_error_code_enum<smp::TransportError> : std::true_type {};
template <>
struct std::is_error_code_enum<smp::ZephyrBasicError> : std::true_type {};
/// @endcond
