// SPDX-License-Identifier: Apache-2.0
// Zephyr basic, group 63: erase storage_partition (basic_mgmt.c; shared/protocol.md §4.8).
// Here the storage partition holds the settings: erasing it drops them.
#include <smp/protocol/messages/zephyr_basic.hpp>

#include "server/groups/command_table.hpp"
#include "server/groups/groups.hpp"
#include "server/models.hpp"

namespace smp::server {
namespace {

class ZephyrBasicGroup final : public CommandTable<ZephyrBasicGroup, Group::zephyr_basic> {
  public:
    explicit ZephyrBasicGroup(Models& models)
        : CommandTable("zephyr basic mgmt", models.config), m_(models) {
        on<zephyr_basic::EraseStorage>(&ZephyrBasicGroup::erase_storage);
    }

  private:
    Outcome erase_storage(const Request& r) {
        if (!m_.config.state_dir.empty()) {
            std::error_code ec;
            std::filesystem::remove(m_.config.state_dir / "settings.cbor", ec);
        }
        if (auto* settings = m_.find(3))
            settings->on_reset();  // reload from the now empty storage
        r.effects->busy += Duration(m_.config.flash_erase_per_kb.count() * 32);  // 32 KiB
        return reply(zephyr_basic::EraseStorageResponse{});
    }

    Models& m_;
};

}  // namespace

std::unique_ptr<GroupHandler> make_zephyr_basic_group(Models& models) {
    return std::make_unique<ZephyrBasicGroup>(models);
}

}  // namespace smp::server
