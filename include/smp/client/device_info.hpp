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

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smp {

enum class DeviceKind : std::uint8_t {
    application,       ///< an image runs (a slot is active)
    mcuboot_recovery,  ///< MCUboot boot_serial: images listed, none active (or an empty list and no
                       ///< echo or a single buffer)
    no_image_group,    ///< the device does not manage images (image list not supported)
};

/// "application", "mcuboot-recovery", "no-image-group".
std::string_view to_string(DeviceKind kind) noexcept;

/// "swap-using-move", "direct-xip", ... (boot_status.h's enum mcuboot_mode in words);
/// "unknown" for -1 and for values this library does not know.
std::string_view mcuboot_mode_name(std::int64_t mode) noexcept;

struct DeviceInfo {
    DeviceKind kind = DeviceKind::application;
    std::vector<image::ImageSlotState> slots{};  ///< the image list, as the device gave it
    /// Bootloader information (os group command 8), when the device answers it: Zephyr
    /// applications with CONFIG_MCUMGR_GRP_OS_BOOTLOADER_INFO. smp_svr builds and MCUboot
    /// recovery answer "not supported".
    std::optional<std::string> bootloader{};
    std::optional<std::int64_t> mcuboot_mode{};  ///< os::McubootMode values
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

/// Asks the device (image list, bootloader info with and without the "mode" query). On
/// MCUboot serial recovery that did not state its buffer size (no parameters command) and
/// whose size the caller did not name, it also finds the largest receive buffer that
/// answers and sizes the client's messages for it (Client::assume_buffer_size).
/// Errors: timeouts and transport errors; device errors only decide the kind.
asio::awaitable<Result<DeviceInfo>> identify(Client& client);

}  // namespace smp
