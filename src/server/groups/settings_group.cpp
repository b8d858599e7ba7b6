// Settings, group 3, as Zephyr's settings_mgmt.c answers it (shared/protocol.md §4.3), on a
// store persisted as settings.cbor in the state directory (written on save, and on write so
// a restart keeps it, like a settings backend in flash).
#include "server/groups/groups.hpp"
#include "server/groups/simple_groups_common.hpp"
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
        auto map = payload_map(r.payload);
        if (!map)
            return Outcome::error(Rc::invalid_value);
        switch (r.header.command) {
            case 0:
                return read ? get(*map) : set(*map);
            case 1:
                return read ? Outcome::error(Rc::not_supported) : remove(*map);
            case 2:
                return read ? Outcome::error(Rc::not_supported) : Outcome::ok();  // commit
            case 3:
                if (read)
                    load();
                else
                    save();
                return Outcome::ok();
            default:
                return Outcome::error(Rc::not_supported);
        }
    }

  private:
    std::optional<Outcome> check_name(const std::optional<std::string>& key) const {
        if (!key || key->empty())
            return Outcome::error(Rc::invalid_value);
        if (key->size() >= name_len)
            return Outcome::group_error(SettingsError::key_too_long);
        return std::nullopt;
    }
    Outcome get(const cbor::Value& map) {
        auto key = text_field(map, "name");
        if (auto bad = check_name(key))
            return *bad;
        auto it = store_.find(*key);
        if (it == store_.end())
            return Outcome::group_error(SettingsError::key_not_found);
        return Outcome::ok(cbor::Value{{"val", cbor::bytes(it->second)}});
    }
    Outcome set(const cbor::Value& map) {
        auto key = text_field(map, "name");
        if (auto bad = check_name(key))
            return *bad;
        auto val = map.find("val");
        if (val == map.end() || !val->is_binary())
            return Outcome::error(Rc::invalid_value);
        store_[*key] = Bytes(val->get_binary().begin(), val->get_binary().end());
        save();
        return Outcome::ok();
    }
    Outcome remove(const cbor::Value& map) {
        auto key = text_field(map, "name");
        if (auto bad = check_name(key))
            return *bad;
        if (store_.erase(*key) == 0)
            return Outcome::group_error(SettingsError::key_not_found);
        save();
        return Outcome::ok();
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
