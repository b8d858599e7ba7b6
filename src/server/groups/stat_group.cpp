// SPDX-License-Identifier: Apache-2.0
// Statistics, group 2, as Zephyr's stat_mgmt.c answers it (shared/protocol.md §4.2), with the
// groups smp_svr registers; the values move with time and traffic.
#include <smp/protocol/messages/stat.hpp>

#include "server/groups/groups.hpp"
#include "server/models.hpp"

#include <algorithm>

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
            return reply(stat::ListResponse{.stat_list = m_.config.stat_groups});
        auto req = decode_request<stat::GroupData>(r.payload);
        if (!req || req->name.empty())
            return Outcome::error(Rc::invalid_value);
        stat::GroupDataResponse rsp{.name = req->name};
        if (req->name == "smp_svr_stats")
            rsp.fields = {{"ticks", static_cast<std::uint64_t>(r.now.count() / 1000000)}};
        else if (req->name == "smp" && listed("smp"))
            rsp.fields = {{"requests", m_.requests}, {"resets", 0}};
        else if (listed(req->name))
            rsp.fields = {};  // flash simulator counters: none moved
        else  // Zephyr 4.4 names the stat, not the group (stat_mgmt.c stat_mgmt_show)
            return Outcome::group_error(StatError::invalid_stat_name);
        return reply(rsp);
    }

  private:
    bool listed(const std::string& name) const {
        const auto& g = m_.config.stat_groups;
        return std::find(g.begin(), g.end(), name) != g.end();
    }
    Models& m_;
};

}  // namespace

std::unique_ptr<GroupHandler> make_stat_group(Models& models) {
    return std::make_unique<StatGroup>(models);
}

}  // namespace smp::server
