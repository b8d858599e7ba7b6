#include "server/models.hpp"

#include "server/groups/groups.hpp"
#include "server/mode_traits.hpp"

namespace smp::server {

Models::Models(const DeviceConfig& config_)
    : config(config_),
      flash(config_.image_count, config_.slot_size, config_.state_dir),
      boot(config_.image_count, config_.state_dir, config_.mcuboot_mode, config_.no_downgrade),
      running(config_.personality) {
    // Registration order is the order enumeration reports (Zephyr registers at SYS_INIT).
    groups.push_back(make_os_group(*this));
    if (has_image_group(config_.mcuboot_mode))
        groups.push_back(make_image_group(*this));
    groups.push_back(make_stat_group(*this));
    groups.push_back(make_settings_group(*this));
    groups.push_back(make_fs_group(*this));
    groups.push_back(make_shell_group(*this));
    groups.push_back(make_enum_group(*this));
    groups.push_back(make_zephyr_basic_group(*this));
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
    boot.load();
}

void Models::flush() {
    flash.flush();
    boot.flush();
}

}  // namespace smp::server
