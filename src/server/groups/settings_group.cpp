// SPDX-License-Identifier: Apache-2.0
// Settings, group 3, as Zephyr's settings_mgmt.c answers it (shared/protocol.md §4.3), on a
// store persisted as settings.cbor in the state directory (written on save, and on write so
// a restart keeps it, like a settings backend in flash).
#include <smp/protocol/messages/settings.hpp>

#include "server/groups/command_table.hpp"
#include "server/groups/groups.hpp"
#include "server/models.hpp"
#include "server/storage.hpp"

#include <map>

namespace smp::server {
namespace {

// CONFIG_MCUMGR_GRP_SETTINGS_NAME_LEN (SETTINGS_MAX_NAME_LEN + 1 by default).
constexpr std::size_t name_len = 33;

class SettingsGroup final : public CommandTable<SettingsGroup, Group::settings> {
  public:
    explicit SettingsGroup(Models& models)
        : CommandTable("settings mgmt", models.config), m_(models) {
        on<settings::Read>(&SettingsGroup::get);
        on<settings::Write>(&SettingsGroup::set);
        on<settings::Delete>(&SettingsGroup::remove);
        on<settings::Commit>(&SettingsGroup::commit);
        on<settings::Load>(&SettingsGroup::load_command);
        on<settings::Save>(&SettingsGroup::save_command);
        load();
    }
    void on_reset() override { load(); }

  private:
    // The values written are already live here.
    Outcome commit(const Request&) const { return reply(settings::CommitResponse{}); }
    Outcome load_command(const Request&) {
        load();
        return Outcome::ok();
    }
    Outcome save_command(const Request&) {
        if (!m_.config.settings_handler)
            return Outcome::group_error(SettingsError::save_not_supported);
        save();
        return Outcome::ok();
    }
    std::optional<Outcome> check_name(const std::string& key) const {
        if (key.empty())
            return Outcome::error(Rc::invalid_value);
        if (key.size() >= name_len)
            return Outcome::group_error(SettingsError::key_too_long);
        return std::nullopt;
    }
    // Without a handler (smp_svr registers none) settings_mgmt.c finds no root for any name:
    // read and write answer ROOT_KEY_NOT_FOUND once the name decodes, whatever else is there.
    std::optional<Outcome> without_handler(ByteView payload) const {
        if (m_.config.settings_handler)
            return std::nullopt;
        auto req = decode_request<settings::Delete>(payload);  // the name alone
        if (!req)
            return Outcome::error(Rc::invalid_value);
        if (auto bad = check_name(req->name))
            return *bad;
        return Outcome::group_error(SettingsError::root_key_not_found);
    }
    Outcome get(const Request& r) {
        if (auto refused = without_handler(r.payload))
            return *refused;
        auto req = decode_request<settings::Read>(r.payload);
        if (!req)
            return Outcome::error(Rc::invalid_value);
        if (auto bad = check_name(req->name))
            return *bad;
        auto it = store_.find(req->name);
        if (it == store_.end())
            return Outcome::group_error(SettingsError::key_not_found);
        return reply(settings::ReadResponse{.val = it->second});
    }
    Outcome set(const Request& r) {
        if (auto refused = without_handler(r.payload))
            return *refused;
        auto req = decode_request<settings::Write>(r.payload);
        if (!req)
            return Outcome::error(Rc::invalid_value);
        if (auto bad = check_name(req->name))
            return *bad;
        store_[req->name] = std::move(req->val);
        save();
        return reply(settings::WriteResponse{});
    }
    Outcome remove(const Request& r) {
        auto req = decode_request<settings::Delete>(r.payload);
        if (!req)
            return Outcome::error(Rc::invalid_value);
        if (auto bad = check_name(req->name))
            return *bad;
        if (store_.erase(req->name) == 0)
            return Outcome::group_error(SettingsError::key_not_found);
        save();
        return reply(settings::DeleteResponse{});
    }
    std::filesystem::path file() const { return m_.config.state_dir / "settings.cbor"; }
    void load() {
        store_.clear();  // RAM copy lost; what the backend holds comes back
        if (m_.config.state_dir.empty())
            return;
        auto data = read_file(file());
        if (!data)
            return;
        auto value = cbor::decode(*data);
        if (!value || !value->is_object())
            return;
        for (const auto& [k, v] : value->items()) {
            if (v.is_binary())
                store_[k] = Bytes(v.get_binary().begin(), v.get_binary().end());
        }
    }
    void save() const {
        if (m_.config.state_dir.empty())
            return;
        cbor::Value map = cbor::Value::object();
        for (const auto& [k, v] : store_)
            map[k] = cbor::bytes(v);
        write_file_atomically(file(), cbor::encode(map));
    }

    Models& m_;
    std::map<std::string, Bytes> store_{};
};

}  // namespace

std::unique_ptr<GroupHandler> make_settings_group(Models& models) {
    return std::make_unique<SettingsGroup>(models);
}

}  // namespace smp::server
