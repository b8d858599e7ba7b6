// SPDX-License-Identifier: Apache-2.0
// Device errors, smp::Error's message and its exception form; how Zephyr reports a group error
// to an SMP v1 client. The categories and names are in error_category.cpp.
#include <smp/protocol/error.hpp>
#include <smp/protocol/group.hpp>

#include <string>

namespace smp {

Rc v1_rc_for_group_error(std::uint16_t group, std::uint16_t rc) noexcept {
    // Mirrors the per-group translation functions Zephyr registers (shared/protocol.md §3.4).
    if (rc == 0)
        return Rc::ok;
    switch (group) {
        case to_underlying(Group::os):
            switch (static_cast<OsError>(rc)) {
                case OsError::invalid_format:
                    return Rc::invalid_value;
                case OsError::query_yields_no_answer:
                case OsError::rtc_not_set:
                case OsError::query_response_value_not_valid:
                    return Rc::no_entry;
                default:
                    return Rc::unknown;
            }
        case to_underlying(Group::image):
            switch (static_cast<ImageError>(rc)) {
                case ImageError::invalid_slot:
                case ImageError::invalid_page_offset:
                case ImageError::invalid_offset:
                case ImageError::invalid_length:
                case ImageError::invalid_image_header:
                case ImageError::invalid_hash:
                case ImageError::invalid_flash_address:
                    return Rc::invalid_value;
                case ImageError::no_image:
                case ImageError::no_tlvs:
                    return Rc::no_entry;
                case ImageError::no_free_slot:
                case ImageError::current_version_is_newer:
                case ImageError::image_already_pending:
                    return Rc::bad_state;
                case ImageError::no_free_memory:
                    return Rc::no_memory;
                default:
                    return Rc::unknown;
            }
        case to_underlying(Group::fs):
            switch (static_cast<FsError>(rc)) {
                case FsError::file_invalid_name:
                case FsError::checksum_hash_not_found:
                    return Rc::invalid_value;
                case FsError::file_not_found:
                case FsError::mount_point_not_found:
                    return Rc::no_entry;
                default:
                    return Rc::unknown;
            }
        case to_underlying(Group::stat):  // stat_mgmt_translate_error_code
            switch (static_cast<StatError>(rc)) {
                case StatError::invalid_group:
                case StatError::invalid_stat_name:
                    return Rc::no_entry;
                case StatError::invalid_stat_size:
                    return Rc::invalid_value;
                default:
                    return Rc::unknown;
            }
        case to_underlying(Group::settings):
            switch (static_cast<SettingsError>(rc)) {
                case SettingsError::key_too_long:
                    return Rc::invalid_value;
                case SettingsError::key_not_found:
                case SettingsError::read_not_supported:
                    return Rc::no_entry;
                default:
                    return Rc::unknown;
            }
        case to_underlying(Group::shell):
            return Rc::invalid_value;  // both shell errors
        case to_underlying(Group::enumeration):
            return rc == static_cast<std::uint16_t>(EnumError::too_many_group_entries)
                       ? Rc::invalid_value
                       : Rc::unknown;
        case to_underlying(Group::zephyr_basic):
            // Zephyr maps its flash-config and erase failures to 0 (a quirk, protocol.md §9);
            // a v1 client would read that as success, so we report them as unknown instead.
            return rc == static_cast<std::uint16_t>(ZephyrBasicError::flash_open_failed)
                       ? Rc::no_entry
                       : Rc::unknown;
        default:
            return Rc::unknown;
    }
}

std::error_code make_error_code(const DeviceError& e) noexcept {
    if (e.group)
        return make_group_error_code(*e.group, static_cast<std::uint16_t>(e.rc));
    return {static_cast<int>(e.rc), rc_category()};
}

std::string Error::message() const {
    std::string text = code.message();
    if (device) {
        // One spelling of a device error everywhere: Zephyr's name (device_error_name).
        text += " (";
        text += device_error_name(*device);
        if (device->group) {
            text += ", group ";
            text += std::to_string(*device->group);
        }
        text += device->group ? " rc " : ", rc ";
        text += std::to_string(device->rc);
        text += ')';
        if (!device->reason.empty()) {
            text += ": device says \"";
            text += device->reason;
            text += '"';
        }
    }
    if (!detail.empty()) {
        text += "; ";
        text += detail;
    }
    return text;
}

SystemError::SystemError(Error error)
    : std::system_error(error.code, error.message()), error_(std::move(error)) {}

}  // namespace smp
