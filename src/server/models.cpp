// SPDX-License-Identifier: Apache-2.0
#include "server/models.hpp"

#include "server/groups/groups.hpp"
#include "server/mode_traits.hpp"

#include <algorithm>
#include <map>

namespace smp::server {

Models::Models(const DeviceConfig& config_)
    : config(config_),
      flash(config_.image_count, config_.slot_size, config_.state_dir),
      boot(config_.image_count, config_.state_dir, config_.mcuboot_mode, config_.no_downgrade),
      running(config_.personality) {
    // Zephyr registers the groups in the order of their MCUMGR_HANDLER_DEFINE names, which the
    // linker sorts (iterable section mcumgr_handler): enum_mgmt, fs_mgmt, img_mgmt, os_mgmt,
    // settings_mgmt, shell_mgmt, stat_mgmt, zephyr_basic_mgmt. Enumeration reports that order
    // (as the real 4.4 servers do: 10, 8, 0, 3, 9, 2, 63).
    static const std::vector<std::uint16_t> registration_order{10, 8, 1, 0, 3, 9, 2, 63};
    const auto& wanted = config_.groups;
    for (const auto id : registration_order) {
        if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), id) == wanted.end())
            continue;
        if (id == 1 && !has_image_group(config_.mcuboot_mode))
            continue;
        if (auto group = make_group(id, *this))
            groups.push_back(std::move(group));
    }
}

std::unique_ptr<GroupHandler> Models::make_group(std::uint16_t id, Models& models) {
    using Factory = std::unique_ptr<GroupHandler> (*)(Models&);
    static const std::map<std::uint16_t, Factory> factories{
        {0, make_os_group},       {1, make_image_group},        {2, make_stat_group},
        {3, make_settings_group}, {8, make_fs_group},           {9, make_shell_group},
        {10, make_enum_group},    {63, make_zephyr_basic_group}};
    const auto it = factories.find(id);
    return it == factories.end() ? nullptr : it->second(models);
}

Models::~Models() = default;

GroupHandler* Models::find(std::uint16_t id) const {
    for (const auto& g : groups) {
        if (g->id() == id)
            return g.get();
    }
    return nullptr;
}

std::size_t Models::buf_size() const {
    const bool entered =
        running == Personality::mcuboot_serial && config.personality != Personality::mcuboot_serial;
    return entered ? config.recovery_buf_size : config.buf_size;
}

void Models::on_reset() {
    rtc.reset();
    requests = 0;
    for (auto& g : groups)
        g->on_reset();
    reset_recovery(*this);
    // boot/zephyr/main.c runs boot_go (swap, revert, slot choice) first, and only then
    // io_detect_boot_mode(), which clears the boot mode and enters serial recovery.
    boot.on_reset(flash);
    running = boot_into_bootloader ? Personality::mcuboot_serial : config.personality;
    boot_into_bootloader = false;
}

void Models::load() {
    flash.load();
    if (config.factory_image && flash.is_erased(0))
        install_factory_image(flash);
    boot.load();
}

void Models::flush() {
    flash.flush();
    boot.flush();
}

}  // namespace smp::server
