// SPDX-License-Identifier: Apache-2.0
// raw GROUP COMMAND [--read|--write] JSON: any request, payload given as JSON (sent as CBOR),
// the answer printed as JSON (byte strings as hex).
#include "commands.hpp"

#include <smp/protocol/custom_json.hpp>

#include <iostream>
#include <memory>

namespace smpctl {

void add_raw_command(CLI::App& app, Context& ctx) {
    struct Args {
        std::uint16_t group = 0;
        std::uint8_t command = 0;
        bool read = false;
        bool write = false;
        std::string json = "{}";
    };
    auto args = std::make_shared<Args>();
    auto* cmd =
        app.add_subcommand("raw", "Send any request: raw GROUP COMMAND [--read|--write] JSON");
    cmd->add_option("GROUP", args->group, "group id (0-65535)")->required();
    cmd->add_option("COMMAND", args->command, "command id (0-255)")->required();
    auto* read = cmd->add_flag("--read", args->read, "read operation (default)");
    cmd->add_flag("--write", args->write, "write operation")->excludes(read);
    cmd->add_option("JSON", args->json, "payload as a JSON object")->capture_default_str();
    cmd->callback([&ctx, args] {
        Json payload = Json::parse(args->json, nullptr, false);
        if (payload.is_discarded() || !payload.is_object())
            throw ToolError(
                ExitCode::usage,
                fmt::format("raw: JSON \"{}\" is not a JSON object, e.g. '{{\"d\":\"hi\"}}'",
                            args->json));
        const auto op = args->write ? smp::Op::write : smp::Op::read;
        const auto request = smp::custom::make_request(args->group, args->command, op, payload);
        const auto what =
            fmt::format("raw group {} command {} on {}", args->group, args->command, ctx.conn());
        smp::RawRequest raw{.group = args->group,
                            .command = args->command,
                            .op = op,
                            .payload = smp::custom::request_payload(request)};
        const auto answer = take(ctx.client().request_raw(std::move(raw)), what);
        const auto response = take(smp::custom::decode_response(answer.payload), what);
        const auto value = take(smp::custom::payload_value(response), what);
        const Json doc = json_from_cbor(value);
        ctx.out.emit(doc, [&] { std::cout << doc.dump(2) << "\n"; });
    });
}

}  // namespace smpctl
