#include "server/models.hpp"

#include "server/groups/groups.hpp"

namespace smp::server {

Models::Models(const DeviceConfig& config_)
    : config(config_),
      flash(config_.image_count, config_.slot_size, config_.state_dir),
      boot(config_.image_count, config_.state_dir) {
    // Registration order is the order enumeration reports (Zephyr registers at SYS_INIT).
    groups.push_back(make_os_group(*this));
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

void Models::on_reset() {
    rtc.reset();
    requests = 0;
    for (auto& g : groups)
        g->on_reset();
    reset_recovery(*this);
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
