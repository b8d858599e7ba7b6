// SPDX-License-Identifier: Apache-2.0
// The error tables. Names and numbers: Zephyr mgmt_defines.h and the grp/*/ headers
// (os_mgmt.h, img_mgmt.h, stat_mgmt.h, settings_mgmt.h, fs_mgmt.h, shell_mgmt.h, enum_mgmt.h,
// transport_mgmt.h, zephyr_basic.h); see shared/protocol.md §3. Each name is Zephyr's
// enumerator name without its prefix; the Errc table names the library's own enumerators.
#include "protocol/error_tables.hpp"

#include <smp/protocol/group.hpp>

namespace smp::detail {
namespace {

constexpr ErrorEntry client_table[] = {
    {"ok", "success"},
    {"timeout", "no response from the device within the deadline"},
    {"not_connected", "not connected to a device"},
    {"message_too_large", "message larger than the device or transport accepts"},
    {"decode_error", "malformed SMP message from the device"},
    {"encode_error", "value cannot be encoded as an SMP message"},
    {"bad_frame", "malformed serial frame"},
    {"crc_mismatch", "serial frame CRC mismatch"},
    {"sequence_mismatch", "response matches no outstanding request"},
    {"transport_error", "transport I/O error"},
    {"cancelled", "operation cancelled"},
    {"invalid_argument", "invalid argument"},
    {"bad_image", "not a valid MCUboot image"},
    {"bad_hex", "malformed Intel HEX file"},
    {"upload_failed", "upload failed after exhausting its retries"},
    {"image_mismatch", "the device's copy does not match the data sent"},
    {"unsupported", "not supported by the device"},
    {"protocol_violation", "the device broke a protocol rule"},
    {"image_refused", "the bootloader did not accept the image"},
    {"upgrade_not_possible", "the device's bootloader mode does not allow this upgrade"},
};

constexpr ErrorEntry rc_table[] = {
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

constexpr ErrorEntry os_table[] = {
    {"OK", "success"},
    {"UNKNOWN", "unknown OS group error"},
    {"INVALID_FORMAT", "invalid format string"},
    {"QUERY_YIELDS_NO_ANSWER", "query has no answer"},
    {"RTC_NOT_SET", "real-time clock not set"},
    {"RTC_COMMAND_FAILED", "real-time clock command failed"},
    {"QUERY_RESPONSE_VALUE_NOT_VALID", "query response value not valid"},
    {"HEAP_STATS_FETCH_FAILED", "heap statistics could not be fetched"},
};

constexpr ErrorEntry image_table[] = {
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

constexpr ErrorEntry stat_table[] = {
    {"OK", "success"},
    {"UNKNOWN", "unknown statistics group error"},
    {"INVALID_GROUP", "no such statistics group"},
    {"INVALID_STAT_NAME", "invalid statistic name"},
    {"INVALID_STAT_SIZE", "invalid statistic size"},
    {"WALK_ABORTED", "statistics walk aborted"},
};

constexpr ErrorEntry settings_table[] = {
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

constexpr ErrorEntry fs_table[] = {
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

constexpr ErrorEntry shell_table[] = {
    {"OK", "success"},
    {"UNKNOWN", "unknown shell group error"},
    {"COMMAND_TOO_LONG", "shell command too long"},
    {"EMPTY_COMMAND", "empty shell command"},
};

constexpr ErrorEntry enum_table[] = {
    {"OK", "success"},
    {"UNKNOWN", "unknown enumeration group error"},
    {"TOO_MANY_GROUP_ENTRIES", "too many group entries"},
    {"INSUFFICIENT_HEAP_FOR_ENTRIES", "insufficient heap for entries"},
    {"INDEX_TOO_LARGE", "group index out of range"},
};

constexpr ErrorEntry transport_table[] = {
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

constexpr ErrorEntry zephyr_basic_table[] = {
    {"OK", "success"},
    {"UNKNOWN", "unknown Zephyr basic group error"},
    {"FLASH_OPEN_FAILED", "storage flash open failed"},
    {"FLASH_CONFIG_QUERY_FAIL", "storage flash configuration query failed"},
    {"FLASH_ERASE_FAILED", "storage erase failed"},
};

}  // namespace

ErrorTable client_error_table() noexcept {
    return {"smp.client", "", client_table};
}
ErrorTable rc_error_table() noexcept {
    return {"smp.rc", "MGMT_ERR_", rc_table};
}

ErrorTable group_error_table(std::uint16_t group) noexcept {
    switch (group) {
        case to_underlying(Group::os):
            return {"smp.os", "OS_MGMT_ERR_", os_table};
        case to_underlying(Group::image):
            return {"smp.image", "IMG_MGMT_ERR_", image_table};
        case to_underlying(Group::stat):
            return {"smp.stat", "STAT_MGMT_ERR_", stat_table};
        case to_underlying(Group::settings):
            return {"smp.settings", "SETTINGS_MGMT_ERR_", settings_table};
        case to_underlying(Group::fs):
            return {"smp.fs", "FS_MGMT_ERR_", fs_table};
        case to_underlying(Group::shell):
            return {"smp.shell", "SHELL_MGMT_ERR_", shell_table};
        case to_underlying(Group::enumeration):
            return {"smp.enum", "ENUM_MGMT_ERR_", enum_table};
        case to_underlying(Group::transport):
            return {"smp.transport", "TRANSPORT_MGMT_ERR_", transport_table};
        case to_underlying(Group::zephyr_basic):
            return {"smp.zephyr_basic", "ZEPHYRBASIC_MGMT_ERR_", zephyr_basic_table};
        default:
            return {"smp.user_group", "GROUP_ERR_", {}};
    }
}

}  // namespace smp::detail
