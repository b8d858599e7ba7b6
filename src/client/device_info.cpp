// What a client talks to (see smp/client/device_info.hpp).
#include <smp/client/device_info.hpp>
#include <smp/protocol/messages/os.hpp>

namespace smp {

std::string_view to_string(DeviceKind kind) noexcept {
    switch (kind) {
        case DeviceKind::application:
            return "application";
        case DeviceKind::mcuboot_recovery:
            return "mcuboot-recovery";
        case DeviceKind::no_image_group:
            return "no-image-group";
    }
    return "unknown";
}

const image::ImageSlotState* DeviceInfo::running(std::uint32_t image_number) const {
    for (const auto& slot : slots)
        if (slot.active && slot.image.value_or(0) == image_number)
            return &slot;
    return nullptr;
}

asio::awaitable<Result<DeviceInfo>> identify(Client& client) {
    DeviceInfo info;
    const image::StateRead list;  // named locals: see the g++ 12 note in client.hpp
    auto state = co_await client.request(list);
    if (!state && !state.error().device)
        co_return std::move(state).error();
    if (!state) {
        info.kind = DeviceKind::no_image_group;
    } else {
        info.slots = std::move(state->images);
        // An application always runs an image, so its list marks a slot active. MCUboot's
        // serial recovery (boot_serial.c, bs_list) lists the slots it finds with no flags.
        bool any_active = false;
        for (const auto& slot : info.slots)
            any_active = any_active || slot.active;
        info.kind = any_active || info.slots.empty() ? DeviceKind::application
                                                     : DeviceKind::mcuboot_recovery;
    }
    const os::BootloaderInfo name_query;
    if (auto name = co_await client.request(name_query); name) {
        info.bootloader = name->bootloader;
        const os::BootloaderInfo mode_query{.query = "mode"};
        if (auto mode = co_await client.request(mode_query); mode) {
            info.mcuboot_mode = mode->mode;
            info.no_downgrade = mode->no_downgrade;
        }
    } else if (!name.error().device) {
        co_return std::move(name).error();
    }
    co_return info;
}

}  // namespace smp
