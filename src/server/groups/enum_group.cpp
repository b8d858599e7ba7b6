// Enumeration, group 10, as Zephyr's enum_mgmt.c answers it (shared/protocol.md §4.6): the
// groups registered on this device, in registration order.
#include "server/groups/groups.hpp"
#include "server/models.hpp"

namespace smp::server {
namespace {

class EnumGroup final : public GroupHandler {
  public:
    explicit EnumGroup(Models& models) : m_(models) {}
    std::uint16_t id() const override { return 10; }
    std::string_view name() const override { return "enum mgmt"; }
    std::size_t command_count() const override { return 4; }

    Outcome handle(const Request& r) override {
        if (r.header.op != Op::read)
            return Outcome::error(Rc::not_supported);
        auto map = payload_map(r.payload);
        if (!map)
            return Outcome::error(Rc::invalid_value);
        switch (r.header.command) {
            case 0:
                return Outcome::ok(cbor::Value{{"count", m_.groups.size()}});
            case 1: {
                auto ids = cbor::Value::array();
                for (const auto& g : m_.groups)
                    ids.push_back(g->id());
                return Outcome::ok(cbor::Value{{"groups", ids}});
            }
            case 2:
                return single(*map);
            default:
                return details(*map);
        }
    }

  private:
    Outcome single(const cbor::Value& map) const {
        std::uint64_t index = 0;
        if (auto it = map.find("index"); it != map.end()) {
            if (!it->is_number_unsigned())
                return Outcome::error(Rc::invalid_value);
            index = it->get<std::uint64_t>();
        }
        if (index >= m_.groups.size())
            return Outcome::group_error(EnumError::index_too_large);
        cbor::Value body{{"group", m_.groups[index]->id()}};
        if (index + 1 == m_.groups.size())
            body["end"] = true;
        return Outcome::ok(body);
    }
    Outcome details(const cbor::Value& map) const {
        std::optional<cbor::Value> wanted;
        if (auto it = map.find("groups"); it != map.end()) {
            if (!it->is_array())
                return Outcome::error(Rc::invalid_value);
            wanted = *it;
        }
        auto out = cbor::Value::array();
        for (const auto& g : m_.groups) {
            if (wanted &&
                std::find(wanted->begin(), wanted->end(), cbor::Value(g->id())) == wanted->end())
                continue;
            out.push_back(cbor::Value{{"group", g->id()},
                                      {"name", std::string(g->name())},
                                      {"handlers", g->command_count()}});
        }
        return Outcome::ok(cbor::Value{{"groups", out}});
    }
    Models& m_;
};

}  // namespace

std::unique_ptr<GroupHandler> make_enum_group(Models& models) {
    return std::make_unique<EnumGroup>(models);
}

}  // namespace smp::server
