// SPDX-License-Identifier: Apache-2.0
// Error categories and their tables. Names and numbers: Zephyr mgmt_defines.h and the
// grp/*/ headers (os_mgmt.h, img_mgmt.h, stat_mgmt.h, settings_mgmt.h, fs_mgmt.h,
// shell_mgmt.h, enum_mgmt.h, transport_mgmt.h, zephyr_basic.h); see shared/protocol.md §3.
#include <smp/protocol/error.hpp>
#include <smp/protocol/group.hpp>

#include <array>
#include <span>
#include <string>

namespace smp {
namespace {

struct Entry {
    std::string_view name;
    std::string_view message;
};

/// A category whose codes index a fixed table.
class TableCategory final : public std::error_category {
  public:
    TableCategory(const char* category_name, std::string_view prefix, std::span<const Entry> table)
        : category_name_(category_name), prefix_(prefix), table_(table) {}
    const char* name() const noexcept override { return category_name_; }
    std::string message(int code) const override {
        if (const Entry* e = find(code))
            return std::string(e->message);
        return "error " + std::to_string(code);
    }
    std::string code_name(int code) const {
        if (const Entry* e = find(code))
            return std::string(prefix_) + std::string(e->name);
        return std::string(prefix_) + std::to_string(code);
    }

  private:
    const Entry* find(int code) const {
        if (code < 0 || static_cast<std::size_t>(code) >= table_.size())
            return nullptr;
        return &table_[static_cast<std::size_t>(code)];
    }
    const char* category_name_;
    std::string_view prefix_;
    std::span<const Entry> table_;
};

constexpr Entry client_table[] = {
    {"OK", "success"},
    {"TIMEOUT", "no response from the device within the deadline"},
    {"NOT_CONNECTED", "not connected to a device"},
    {"MESSAGE_TOO_LARGE", "message larger than the device or transport accepts"},
    {"DECODE_ERROR", "malformed SMP message from the device"},
    {"ENCODE_ERROR", "value cannot be encoded as an SMP message"},
    {"BAD_FRAME", "malformed serial frame"},
    {"CRC_MISMATCH", "serial frame CRC mismatch"},
    {"SEQUENCE_MISMATCH", "response matches no outstanding request"},
    {"TRANSPORT_ERROR", "transport I/O error"},
    {"CANCELLED", "operation cancelled"},
    {"INVALID_ARGUMENT", "invalid argument"},
    {"BAD_IMAGE", "not a valid MCUboot image"},
    {"BAD_HEX", "malformed Intel HEX file"},
    {"UPLOAD_FAILED", "upload failed after exhausting its retries"},
    {"IMAGE_MISMATCH", "the device's copy does not match the data sent"},
    {"UNSUPPORTED", "not supported by the device"},
    {"PROTOCOL_VIOLATION", "the device broke a protocol rule"},
    {"IMAGE_REFUSED", "the bootloader did not accept the image"},
    {"UPGRADE_NOT_POSSIBLE", "the device's bootloader mode does not allow this upgrade"},
};

constexpr Entry rc_table[] = {
    {"EOK", "success"},
    {"EUNKNOWN", "unknown error"},
    {"ENOMEM", "device out of memory"},
    {"EINVAL", "invalid value or malformed request"},
    {"ETIMEOUT", "operation timed out on the device"},
    {"ENOENT", "no such entry"},
    {"EBADSTATE", "current state of the device disallows the command"},
    {"EMSGSIZE", "response too large for the device's buffer"},
    {"ENOTSUP", "command or group not supported by the device"},
    {"ECORRUPT", "corrupt payload"},
    {"EBUSY", "device busy with another command; retry"},
    {"EACCESSDENIED", "access denied"},
    {"UNSUPPORTED_TOO_OLD", "requested SMP version is too old for the device"},
    {"UNSUPPORTED_TOO_NEW", "requested SMP version is too new for the device"},
};

constexpr Entry os_table[] = {
    {"OK", "success"},
    {"UNKNOWN", "unknown OS group error"},
    {"INVALID_FORMAT", "invalid format string"},
    {"QUERY_YIELDS_NO_ANSWER", "query has no answer"},
    {"RTC_NOT_SET", "real-time clock not set"},
    {"RTC_COMMAND_FAILED", "real-time clock command failed"},
    {"QUERY_RESPONSE_VALUE_NOT_VALID", "query response value not valid"},
    {"HEAP_STATS_FETCH_FAILED", "heap statistics could not be fetched"},
};

constexpr Entry image_table[] = {
    {"OK", "success"},
    {"UNKNOWN", "unknown image group error"},
    {"FLASH_CONFIG_QUERY_FAIL", "flash configuration query failed"},
    {"NO_IMAGE", "no image in slot"},
    {"NO_TLVS", "image has no TLVs"},
    {"INVALID_TLV", "invalid TLV in image"},
    {"TLV_MULTIPLE_HASHES_FOUND", "image has more than one hash TLV"},
    {"TLV_INVALID_SIZE", "TLV has an invalid size"},
    {"HASH_NOT_FOUND", "no image with that hash"},
    {"NO_FREE_SLOT", "no free slot for the image"},
    {"FLASH_OPEN_FAILED", "flash open failed"},
    {"FLASH_READ_FAILED", "flash read failed"},
    {"FLASH_WRITE_FAILED", "flash write failed"},
    {"FLASH_ERASE_FAILED", "flash erase failed"},
    {"INVALID_SLOT", "invalid slot"},
    {"NO_FREE_MEMORY", "device out of memory"},
    {"FLASH_CONTEXT_ALREADY_SET", "flash context already set"},
    {"FLASH_CONTEXT_NOT_SET", "flash context not set"},
    {"FLASH_AREA_DEVICE_NULL", "flash area device missing"},
    {"INVALID_PAGE_OFFSET", "invalid page offset"},
    {"INVALID_OFFSET", "upload offset missing or invalid"},
    {"INVALID_LENGTH", "upload length missing in the first chunk"},
    {"INVALID_IMAGE_HEADER", "first chunk too short to hold an image header"},
    {"INVALID_IMAGE_HEADER_MAGIC", "image header magic is not MCUboot's"},
    {"INVALID_HASH", "invalid hash"},
    {"INVALID_FLASH_ADDRESS", "invalid flash address"},
    {"VERSION_GET_FAILED", "could not read the running image version"},
    {"CURRENT_VERSION_IS_NEWER", "running image is not older than the upload"},
    {"IMAGE_ALREADY_PENDING", "another image is already pending"},
    {"INVALID_IMAGE_VECTOR_TABLE", "invalid image vector table"},
    {"INVALID_IMAGE_TOO_LARGE", "image too large for the slot"},
    {"INVALID_IMAGE_DATA_OVERRUN", "upload data past the announced length"},
    {"IMAGE_CONFIRMATION_DENIED", "image confirmation denied"},
    {"IMAGE_SETTING_TEST_TO_ACTIVE_DENIED", "cannot mark the running image for test"},
    {"ACTIVE_SLOT_NOT_KNOWN", "active slot not known"},
};

constexpr Entry stat_table[] = {
    {"OK", "success"},
    {"UNKNOWN", "unknown statistics group error"},
    {"INVALID_GROUP", "no such statistics group"},
    {"INVALID_STAT_NAME", "invalid statistic name"},
    {"INVALID_STAT_SIZE", "invalid statistic size"},
    {"WALK_ABORTED", "statistics walk aborted"},
};

constexpr Entry settings_table[] = {
    {"OK", "success"},
    {"UNKNOWN", "unknown settings group error"},
    {"KEY_TOO_LONG", "setting name too long"},
    {"KEY_NOT_FOUND", "setting not found"},
    {"READ_NOT_SUPPORTED", "setting cannot be read"},
    {"ROOT_KEY_NOT_FOUND", "settings root key not found"},
    {"WRITE_NOT_SUPPORTED", "setting cannot be written"},
    {"DELETE_NOT_SUPPORTED", "setting cannot be deleted"},
    {"SAVE_NOT_SUPPORTED", "settings cannot be saved"},
};

constexpr Entry fs_table[] = {
    {"OK", "success"},
    {"UNKNOWN", "unknown file system group error"},
    {"FILE_INVALID_NAME", "invalid file name"},
    {"FILE_NOT_FOUND", "file not found"},
    {"FILE_IS_DIRECTORY", "path is a directory"},
    {"FILE_OPEN_FAILED", "file open failed"},
    {"FILE_SEEK_FAILED", "file seek failed"},
    {"FILE_READ_FAILED", "file read failed"},
    {"FILE_TRUNCATE_FAILED", "file truncate failed"},
    {"FILE_DELETE_FAILED", "file delete failed"},
    {"FILE_WRITE_FAILED", "file write failed"},
    {"FILE_OFFSET_NOT_VALID", "file offset does not match the upload in progress"},
    {"FILE_OFFSET_LARGER_THAN_FILE", "offset beyond the end of the file"},
    {"CHECKSUM_HASH_NOT_FOUND", "hash or checksum type not supported"},
    {"MOUNT_POINT_NOT_FOUND", "mount point not found"},
    {"READ_ONLY_FILESYSTEM", "file system is read-only"},
    {"FILE_EMPTY", "file is empty"},
    {"FILE_CLOSE_FAILED", "file close failed"},
};

constexpr Entry shell_table[] = {
    {"OK", "success"},
    {"UNKNOWN", "unknown shell group error"},
    {"COMMAND_TOO_LONG", "shell command too long"},
    {"EMPTY_COMMAND", "empty shell command"},
};

constexpr Entry enum_table[] = {
    {"OK", "success"},
    {"UNKNOWN", "unknown enumeration group error"},
    {"TOO_MANY_GROUP_ENTRIES", "too many group entries"},
    {"INSUFFICIENT_HEAP_FOR_ENTRIES", "insufficient heap for entries"},
    {"INDEX_TOO_LARGE", "group index out of range"},
};

constexpr Entry transport_table[] = {
    {"OK", "success"},
    {"UNKNOWN", "unknown transport group error"},
    {"TRANSPORT_MISSING_REQUIRED_FUNCTIONS", "transport lacks required functions"},
    {"TRANSPORT_MISSING_INFO_FUNCTIONS", "transport lacks info functions"},
    {"INVALID_TRANSPORT", "invalid transport"},
    {"INVALID_MODE", "invalid mode"},
    {"ALL_CONTEXTS_USED", "all contexts in use"},
    {"BOTH_TRANSPORT_AND_ALL_PARAMETERS", "both transport and all given"},
    {"NOT_BRIDGED", "not bridged"},
    {"SAME_BRIDGE_DEVICE_DISALLOWED", "cannot bridge a transport to itself"},
    {"TRANSPORT_INGOING_NOT_SUPPORTED", "incoming not supported"},
    {"TRANSPORT_OUTGOING_NOT_SUPPORTED", "outgoing not supported"},
    {"INCOMING_TRANSPORT_ALREADY_BRIDGED", "incoming transport already bridged"},
    {"OUTGOING_TRANSPORT_ALREADY_BRIDGED", "outgoing transport already bridged"},
    {"CONNECT_MISSING_PARAMETER", "connect parameter missing"},
    {"CONNECT_INVALID_PARAMETER", "connect parameter invalid"},
    {"CONNECT_UNSUPPORTED_PARAMETER", "connect parameter unsupported"},
    {"CONNECT_FAILED", "connect failed"},
};

constexpr Entry zephyr_basic_table[] = {
    {"OK", "success"},
    {"UNKNOWN", "unknown Zephyr basic group error"},
    {"FLASH_OPEN_FAILED", "storage flash open failed"},
    {"FLASH_CONFIG_QUERY_FAIL", "storage flash configuration query failed"},
    {"FLASH_ERASE_FAILED", "storage erase failed"},
};

const TableCategory& client_cat() {
    static const TableCategory c("smp.client", "", client_table);
    return c;
}
const TableCategory& rc_cat() {
    static const TableCategory c("smp.rc", "MGMT_ERR_", rc_table);
    return c;
}
const TableCategory& os_cat() {
    static const TableCategory c("smp.os", "OS_MGMT_ERR_", os_table);
    return c;
}
const TableCategory& image_cat() {
    static const TableCategory c("smp.image", "IMG_MGMT_ERR_", image_table);
    return c;
}
const TableCategory& stat_cat() {
    static const TableCategory c("smp.stat", "STAT_MGMT_ERR_", stat_table);
    return c;
}
const TableCategory& settings_cat() {
    static const TableCategory c("smp.settings", "SETTINGS_MGMT_ERR_", settings_table);
    return c;
}
const TableCategory& fs_cat() {
    static const TableCategory c("smp.fs", "FS_MGMT_ERR_", fs_table);
    return c;
}
const TableCategory& shell_cat() {
    static const TableCategory c("smp.shell", "SHELL_MGMT_ERR_", shell_table);
    return c;
}
const TableCategory& enum_cat() {
    static const TableCategory c("smp.enum", "ENUM_MGMT_ERR_", enum_table);
    return c;
}
const TableCategory& transport_cat() {
    static const TableCategory c("smp.transport", "TRANSPORT_MGMT_ERR_", transport_table);
    return c;
}
const TableCategory& zephyr_basic_cat() {
    static const TableCategory c("smp.zephyr_basic", "ZEPHYRBASIC_MGMT_ERR_", zephyr_basic_table);
    return c;
}
const TableCategory& user_group_cat() {
    static const TableCategory c("smp.user_group", "GROUP_ERR_", std::span<const Entry>{});
    return c;
}

const TableCategory& table_category_for(std::uint16_t group) noexcept {
    switch (group) {
        case to_underlying(Group::os):
            return os_cat();
        case to_underlying(Group::image):
            return image_cat();
        case to_underlying(Group::stat):
            return stat_cat();
        case to_underlying(Group::settings):
            return settings_cat();
        case to_underlying(Group::fs):
            return fs_cat();
        case to_underlying(Group::shell):
            return shell_cat();
        case to_underlying(Group::enumeration):
            return enum_cat();
        case to_underlying(Group::transport):
            return transport_cat();
        case to_underlying(Group::zephyr_basic):
            return zephyr_basic_cat();
        default:
            return user_group_cat();
    }
}

}  // namespace

const std::error_category& client_category() noexcept {
    return client_cat();
}
std::error_code make_error_code(Errc e) noexcept {
    return {static_cast<int>(e), client_cat()};
}
const std::error_category& rc_category() noexcept {
    return rc_cat();
}
std::error_code make_error_code(Rc e) noexcept {
    return {static_cast<int>(e), rc_cat()};
}

std::string_view rc_name(std::int64_t rc) noexcept {
    if (rc >= 0 && rc < static_cast<std::int64_t>(std::size(rc_table))) {
        return rc_table[static_cast<std::size_t>(rc)].name;
    }
    if (rc >= static_cast<std::int64_t>(Rc::per_user))
        return "EPERUSER";
    return "?";
}

std::error_code make_error_code(OsError e) noexcept {
    return {static_cast<int>(e), os_cat()};
}
std::error_code make_error_code(ImageError e) noexcept {
    return {static_cast<int>(e), image_cat()};
}
std::error_code make_error_code(StatError e) noexcept {
    return {static_cast<int>(e), stat_cat()};
}
std::error_code make_error_code(SettingsError e) noexcept {
    return {static_cast<int>(e), settings_cat()};
}
std::error_code make_error_code(FsError e) noexcept {
    return {static_cast<int>(e), fs_cat()};
}
std::error_code make_error_code(ShellError e) noexcept {
    return {static_cast<int>(e), shell_cat()};
}
std::error_code make_error_code(EnumError e) noexcept {
    return {static_cast<int>(e), enum_cat()};
}
std::error_code make_error_code(TransportError e) noexcept {
    return {static_cast<int>(e), transport_cat()};
}
std::error_code make_error_code(ZephyrBasicError e) noexcept {
    return {static_cast<int>(e), zephyr_basic_cat()};
}

const std::error_category& group_error_category(std::uint16_t group) noexcept {
    return table_category_for(group);
}
std::error_code make_group_error_code(std::uint16_t group, std::uint16_t rc) noexcept {
    return {static_cast<int>(rc), table_category_for(group)};
}
std::string group_error_name(std::uint16_t group, std::uint16_t rc) {
    return table_category_for(group).code_name(rc);
}

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
    return {static_cast<int>(e.rc), rc_cat()};
}

std::string Error::message() const {
    std::string text = code.message();
    if (device) {
        text += device->group
                    ? " (" +
                          group_error_name(*device->group, static_cast<std::uint16_t>(device->rc)) +
                          ", group " + std::to_string(*device->group) + " rc " +
                          std::to_string(device->rc) + ")"
                    : " (" + std::string("MGMT_ERR_") + std::string(rc_name(device->rc)) + ", rc " +
                          std::to_string(device->rc) + ")";
        if (!device->reason.empty())
            text += ": device says \"" + device->reason + "\"";
    }
    if (!detail.empty())
        text += "; " + detail;
    return text;
}

SystemError::SystemError(Error error)
    : std::system_error(error.code, error.message()), error_(std::move(error)) {}

}  // namespace smp
