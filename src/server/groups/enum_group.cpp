// SPDX-License-Identifier: Apache-2.0
// Enumeration, group 10, as Zephyr's enum_mgmt.c answers it (shared/protocol.md §4.6): the
// groups registered on this device, in registration order.
#include <smp/protocol/messages/enumeration.hpp>

#include "server/groups/command_table.hpp"
#include "server/groups/groups.hpp"
#include "server/models.hpp"

#include <algorithm>

namespace smp::server {
namespace {

class EnumGroup final : public CommandTable<EnumGroup, Group::enumeration> {
  public:
    explicit EnumGroup(Models& models) : CommandTable("enum mgmt", models.config), m_(models) {
        on<enumeration::Count>(&EnumGroup::count);
        on<enumeration::List>(&EnumGroup::list);
        on<enumeration::Single>(&EnumGroup::single);
        on<enumeration::Details>(&EnumGroup::details);
    }

  private:
    // Count and list do not parse the request.
    Outcome count(const Request&) const {
        return reply(enumeration::CountResponse{.count = m_.groups.size()});
    }
    Outcome list(const Request&) const { return reply(enumeration::ListResponse{.groups = ids()}); }
    std::vector<std::uint16_t> ids() const {
        std::vector<std::uint16_t> out;
        for (const auto& g : m_.groups)
            out.push_back(g->id());
        return out;
    }
    Outcome single(const Request& r) const {
        auto req = decode_request<enumeration::Single>(r.payload);
        if (!req)
            return Outcome::error(Rc::invalid_value);
        const std::uint64_t index = req->index.value_or(0);
        if (index >= m_.groups.size())
            return Outcome::group_error(EnumError::index_too_large);
        enumeration::SingleResponse rsp{.group = m_.groups[index]->id()};
        if (index + 1 == m_.groups.size())
            rsp.end = true;
        return reply(rsp);
    }
    Outcome details(const Request& r) const {
        auto req = decode_request<enumeration::Details>(r.payload);
        if (!req)
            return Outcome::error(Rc::invalid_value);
        enumeration::DetailsResponse rsp;
        for (const auto& g : m_.groups) {
            if (req->groups &&
                std::find(req->groups->begin(), req->groups->end(), g->id()) == req->groups->end())
                continue;
            rsp.groups.push_back(enumeration::GroupDetails{
                .group = g->id(), .name = std::string(g->name()), .handlers = g->command_count()});
        }
        // enum_mgmt.c details: when the list does not fit the response buffer the real
        // Zephyr 4.4 answers MGMT_ERR_ECORRUPT (seen on the 96-byte build), not EMSGSIZE as
        // other handlers do.
        auto body = to_body(rsp);
        if (header_size + cbor::encode_indefinite(body).size() > m_.buf_size())
            return Outcome::error(Rc::corrupt);
        return Outcome::ok(std::move(body));
    }

    Models& m_;
};

}  // namespace

std::unique_ptr<GroupHandler> make_enum_group(Models& models) {
    return std::make_unique<EnumGroup>(models);
}

}  // namespace smp::server
