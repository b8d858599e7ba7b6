// SPDX-License-Identifier: Apache-2.0
#pragma once
// A management group as a table of commands, like Zephyr's mgmt_handler arrays
// (subsys/mgmt/mcumgr/grp/*/src/*_mgmt.c): one row per typed request of
// smp/protocol/messages, whose group, command id and op come from the type, and the member
// function that answers it. A (command, op) without a row, or whose row the device
// configuration leaves out, gets the one not-supported answer.
#include <smp/server/config.hpp>

#include "server/handler.hpp"

#include <algorithm>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace smp::server {

/// Base of a group `G` (the derived class) whose id is `Id`: G's constructor lists its
/// commands with on<Request>(&G::handler).
template <class G, Group Id>
class CommandTable : public GroupHandler {
  public:
    std::uint16_t id() const final { return to_underlying(Id); }
    std::string_view name() const final { return name_; }

    /// Zephyr's mg_handlers_count: the handler array runs to the highest command built in.
    std::size_t command_count() const final {
        std::size_t count = 0;
        for (const auto& row : rows_)
            if (built_in(row))
                count = std::max<std::size_t>(count, row.command + 1u);
        return count;
    }

    Outcome handle(const Request& request) override {
        for (const auto& row : rows_)
            if (row.command == request.header.command && row.op == request.header.op &&
                built_in(row))
                return row.handler(static_cast<G&>(*this), request);
        return not_supported();
    }

  protected:
    using Handler = std::function<Outcome(G&, const Request&)>;
    /// A DeviceConfig switch standing for the Kconfig option that builds a command in.
    using Switch = bool DeviceConfig::*;

    CommandTable(std::string name, const DeviceConfig& config)
        : name_(std::move(name)), config_(config) {}

    /// Request type M is answered by `handler` (a member function of G taking the Request),
    /// when the configuration switch `when` (if any) is on.
    template <RequestMessage M>
    void on(Handler handler, Switch when = nullptr) {
        answer<M>(M::op, std::move(handler), when);
    }

    /// As on(), for the op the request type does not name: Zephyr registers a few handlers
    /// for both ops (os echo answers a read as well as a write).
    template <RequestMessage M>
    void also_on(Op op, Handler handler) {
        answer<M>(op, std::move(handler), nullptr);
    }

  private:
    struct Row {
        std::uint8_t command;
        Op op;
        Handler handler;
        Switch when;
    };

    template <RequestMessage M>
    void answer(Op op, Handler handler, Switch when) {
        static_assert(M::group == Id, "a request type of another group");
        rows_.push_back(Row{M::command, op, std::move(handler), when});
    }

    bool built_in(const Row& row) const { return row.when == nullptr || config_.*row.when; }

    std::string name_;
    const DeviceConfig& config_;
    std::vector<Row> rows_{};
};

}  // namespace smp::server
