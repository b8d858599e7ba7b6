// SPDX-License-Identifier: Apache-2.0
// Settings, group 3, as Zephyr's settings_mgmt.c answers it (shared/protocol.md §4.3), on a
// store persisted as settings.cbor in the state directory (written on save, and on write so
// a restart keeps it, like a settings backend in flash).
#include <smp/protocol/messages/settings.hpp>

#include "server/groups/groups.hpp"
#include "server/models.hpp"
#include "server/storage.hpp"

#include <map>

namespace smp::server {
namespace {

// CONFIG_MCUMGR_GRP_SETTINGS_NAME_LEN (SETTINGS_MAX_NAME_LEN + 1 by default).
constexpr std::size_t name_len = 33;

class SettingsGroup final : public GroupHandler {
  public:
    explicit SettingsGroup(Models& models) : m_(models) { load(); }
    std::uint16_t id() const override { return 3; }
    std::string_view name() const override { return "settings mgmt"; }
    std::size_t command_count() const override { return 4; }
    void on_reset() override { load(); }

    Outcome handle(const Request& r) override {
        const bool read = r.header.op == Op::read;
        switch (r.header.command) {
            case 0:
                return read ? get(r.payload) : set(r.payload);
            case 1:
                return read ? Outcome::error(Rc::not_supported) : remove(r.payload);
            case 2:  // commit: the values written are already live here
                return read ? Outcome::error(Rc::not_supported) : reply(settings::CommitResponse{});
            case 3:
                if (read)
                    load();
                else if (!m_.config.settings_handler)
                    return Outcome::group_error(SettingsError::save_not_supported);
                else
                    save();
                return Outcome::ok();
            default:
                return Outcome::error(Rc::not_supported);
        }
    }

  private:
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
    Outcome get(ByteView payload) {
        if (auto refused = without_handler(payload))
            return *refused;
        auto req = decode_request<settings::Read>(payload);
        if (!req)
            return Outcome::error(Rc::invalid_value);
        if (auto bad = check_name(req->name))
            return *bad;
        auto it = store_.find(req->name);
        if (it == store_.end())
            return Outcome::group_error(SettingsError::key_not_found);
        return reply(settings::ReadResponse{.val = it->second});
    }
    Outcome set(ByteView payload) {
        if (auto refused = without_handler(payload))
            return *refused;
        auto req = decode_request<settings::Write>(payload);
        if (!req)
            return Outcome::error(Rc::invalid_value);
        if (auto bad = check_name(req->name))
            return *bad;
        store_[req->name] = std::move(req->val);
        save();
        return reply(settings::WriteResponse{});
    }
    Outcome remove(ByteView payload) {
        auto req = decode_request<settings::Delete>(payload);
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
