// Statistics, group 2, as Zephyr's stat_mgmt.c answers it (shared/protocol.md §4.2), with the
// groups smp_svr registers; the values move with time and traffic.
#include "server/groups/groups.hpp"
#include "server/groups/simple_groups_common.hpp"
#include "server/models.hpp"

namespace smp::server {
namespace {

class StatGroup final : public GroupHandler {
  public:
    explicit StatGroup(Models& models) : m_(models) {}
    std::uint16_t id() const override { return 2; }
    std::string_view name() const override { return "stat mgmt"; }
    std::size_t command_count() const override { return 2; }

    Outcome handle(const Request& r) override {
        if (r.header.op != Op::read)
            return Outcome::error(Rc::not_supported);
        if (r.header.command == 1)
            return Outcome::ok(cbor::Value{{"stat_list", {"smp_svr_stats", "smp"}}});
        auto map = payload_map(r.payload);
        auto name = map ? text_field(*map, "name") : std::nullopt;
        if (!name)
            return Outcome::error(Rc::invalid_value);
        const auto seconds = static_cast<std::uint64_t>(r.now.count() / 1000000);
        cbor::Value fields;
        if (*name == "smp_svr_stats")
            fields = cbor::Value{{"ticks", seconds}};
        else if (*name == "smp")
            fields = cbor::Value{{"requests", m_.requests}, {"resets", 0}};
        else
            return Outcome::group_error(StatError::invalid_group);
        return Outcome::ok(cbor::Value{{"name", *name}, {"fields", fields}});
    }

  private:
    Models& m_;
};

}  // namespace

std::unique_ptr<GroupHandler> make_stat_group(Models& models) {
    return std::make_unique<StatGroup>(models);
}

}  // namespace smp::server
