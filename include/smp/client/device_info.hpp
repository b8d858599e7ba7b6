// SPDX-License-Identifier: Apache-2.0
#pragma once
// What a client talks to, learned once: an application (it runs an image, and may say which
// bootloader it has and in which mode), MCUboot serial recovery (the bootloader itself, which
// lists slot 0 with no flags and has no test, confirm or echo), or a device without image
// management. The upgrade routine picks its steps from it.
//
//     auto info = co_await smp::identify(client);
//     if (info && info->kind == smp::DeviceKind::mcuboot_recovery) ...
#include <smp/client/client.hpp>
#include <smp/protocol/messages/image.hpp>
#include <smp/protocol/messages/os.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smp {

/// What kind of firmware answers SMP on a device (identify(), classify_device()).
enum class DeviceKind : std::uint8_t {
    application,       ///< an application (classify_device: pooled buffers, bootloader info, ...)
    mcuboot_recovery,  ///< MCUboot boot_serial (classify_device: a single buffer, no active slot)
    no_image_group,    ///< the device does not manage images (image list not supported)
};

/// "application", "mcuboot-recovery", "no-image-group".
std::string_view to_string(DeviceKind kind) noexcept;

/// os::to_string of a mode number a device reported: "swap-using-move", "direct-xip", ...;
/// "unknown" for -1 and for values this library does not know.
std::string_view mcuboot_mode_name(std::int64_t mode) noexcept;

/// What a device shows that tells MCUboot serial recovery from an application. identify()
/// reads each at most once per connection; a sign not read is empty (or false).
struct DeviceSigns {
    /// buf_count of the MCUmgr parameters, when the device stated them (connect()). Recovery
    /// has a single receive buffer (boot_serial.c answers the params command with buf_count
    /// 1); a Zephyr application pools its buffers (it needs one for the answer as well).
    std::optional<std::size_t> buf_count{};
    /// The device answered bootloader info (os command 8), as Zephyr's os_mgmt does. MCUboot's
    /// serial recovery has no such command (mcu-tools/mcuboot docs/serial_recovery.md: echo,
    /// reset, image list and image upload, and the params command).
    bool bootloader_info = false;
    std::size_t listed_slots = 0;  ///< slots in the image list
    /// A listed slot is active. An application always runs an image; recovery (boot_serial.c,
    /// bs_list) lists its slots with no flags, unless built with
    /// MCUBOOT_SERIAL_IMG_GRP_IMAGE_STATE, which flags slot 0 active like an application.
    bool active_slot = false;
    /// Echo answered (true) or refused by the device (false); empty: not asked. A Zephyr
    /// application answers it (os_mgmt's default); recovery only with MCUBOOT_BOOT_MGMT_ECHO.
    std::optional<bool> echo{};
};

/// "Is this MCUboot serial recovery?", decided here only (identify() and the upload's final
/// check ask it), from the strongest sign down: bootloader info answered (application);
/// the stated buffers (one: recovery, several: application); a list of slots none of which
/// is active (recovery); the echo (answered: application). Empty when only the echo can
/// tell and it was not asked. The image group's absence (DeviceKind::no_image_group) is
/// not a sign: identify() decides it from the list's refusal first.
std::optional<DeviceKind> classify_device(const DeviceSigns& signs) noexcept;

/// What identify() found out about a device.
struct DeviceInfo {
    DeviceKind kind = DeviceKind::application;   ///< what answers SMP on the device
    std::vector<image::ImageSlotState> slots{};  ///< the image list, as the device gave it
    /// Bootloader information (os group command 8), when the device answers it: Zephyr
    /// applications with CONFIG_MCUMGR_GRP_OS_BOOTLOADER_INFO. smp_svr builds and MCUboot
    /// recovery answer "not supported".
    std::optional<std::string> bootloader{};
    std::optional<std::int64_t> mcuboot_mode{};  ///< os::McubootMode values
    /// MCUboot refuses images not newer than the running one (the "mode" query's
    /// "no-downgrade"), when the device says it.
    std::optional<bool> no_downgrade{};
    /// MCUboot serial recovery without the MCUmgr parameters command: the receive buffer
    /// the client found by probing (1024, MCUboot's Zephyr default, then 512, its code
    /// default), now in use for the message size. Empty when not probed or nothing fitted.
    std::optional<std::size_t> found_buffer_size{};

    /// The MCUboot mode, when the device says it.
    std::optional<os::McubootMode> mode() const;

    /// The running image of `image_number`, or nullptr (recovery, an empty device).
    const image::ImageSlotState* running(std::uint32_t image_number = 0) const;
};

/// Asks the device (image list, bootloader info with and without the "mode" query, echo when
/// the other signs do not decide: classify_device). Each is read once per connection: a
/// second call on the same connection answers from what the first read, reading the image
/// list again only after a write request (an upload, a state write) may have changed it. On
/// MCUboot serial recovery that did not state its buffer size (no parameters command) and
/// whose size the caller did not name, it also finds the largest receive buffer that
/// answers and sizes the client's messages for it (Client::assume_buffer_size).
/// Errors: timeouts and transport errors; device errors only decide the kind.
asio::awaitable<Result<DeviceInfo>> identify(Client& client);

}  // namespace smp
