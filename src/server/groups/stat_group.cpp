// SPDX-License-Identifier: Apache-2.0
// Statistics, group 2, as Zephyr's stat_mgmt.c answers it (shared/protocol.md §4.2), with the
// groups smp_svr registers; the values move with time and traffic.
#include <smp/protocol/messages/stat.hpp>

#include "server/groups/command_table.hpp"
#include "server/groups/groups.hpp"
#include "server/models.hpp"

#include <algorithm>

namespace smp::server {
namespace {

class StatGroup final : public CommandTable<StatGroup, Group::stat> {
  public:
    explicit StatGroup(Models& models) : CommandTable("stat mgmt", models.config), m_(models) {
        on<stat::GroupData>(&StatGroup::group_data);
        on<stat::List>(&StatGroup::list);
    }

  private:
    Outcome list(const Request&) const {
        return reply(stat::ListResponse{.stat_list = m_.config.stat_groups});
    }

    Outcome group_data(const Request& r) const {
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
