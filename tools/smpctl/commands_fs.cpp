// SPDX-License-Identifier: Apache-2.0
// fs group (8): upload, download, stat, hash, close. Transfers are the library's
// (Client::upload_file / download_file) with the tool's progress bar and summary.
#include "commands.hpp"
#include "progress.hpp"

#include <smp/protocol/messages/fs.hpp>

#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>

namespace smpctl {

namespace {

smp::Bytes read_local(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw ToolError(ExitCode::bad_input,
                        fmt::format("fs upload: cannot read {}: {}", path, std::strerror(errno)));
    return smp::Bytes(std::istreambuf_iterator<char>(in), {});
}

void add_upload(CLI::App& group, Context& ctx) {
    struct Args {
        std::string local, remote;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = group.add_subcommand("upload", "Copy a local file to the device");
    cmd->add_option("LOCAL", args->local, "local file")->required();
    cmd->add_option("REMOTE", args->remote, "path on the device, e.g. /lfs/config.bin")->required();
    cmd->callback([&ctx, args] {
        const auto data = read_local(args->local);
        auto& client = ctx.client();
        Progress progress(ctx.out, "fs upload", data.size());
        const auto retries_before = client.counters().retries;
        const auto status =
            client.upload_file(args->remote, data, {},
                               [&](const smp::UploadProgress& p) { progress.update(p.bytes); });
        if (!status) {
            progress.abandon();
            throw tool_error(status.error(), fmt::format("fs upload {} to {} on {}", args->local,
                                                         args->remote, ctx.conn()));
        }
        const auto summary =
            progress.finish("uploaded", client.counters().retries - retries_before);
        ctx.out.emit(
            Json{{"remote", args->remote}, {"bytes", data.size()}, {"transfer", summary.to_json()}},
            [&] { fmt::print("{} -> {}\n", args->local, args->remote); });
    });
}

void add_download(CLI::App& group, Context& ctx) {
    struct Args {
        std::string remote, local;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = group.add_subcommand("download", "Copy a file from the device");
    cmd->add_option("REMOTE", args->remote, "path on the device")->required();
    cmd->add_option("LOCAL", args->local, "local file")->required();
    cmd->callback([&ctx, args] {
        auto& client = ctx.client();
        // The size is known only from the device's first answer: the bar starts then.
        std::unique_ptr<Progress> progress;
        const auto retries_before = client.counters().retries;
        auto result = client.download_file(args->remote, {}, [&](const smp::UploadProgress& p) {
            if (!progress)
                progress = std::make_unique<Progress>(ctx.out, "fs download", p.total);
            progress->update(p.bytes);
        });
        if (!result) {
            if (progress)
                progress->abandon();
            throw tool_error(result.error(),
                             fmt::format("fs download {} from {}", args->remote, ctx.conn()));
        }
        const auto& data = *result;
        std::ofstream out(args->local, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data.data()),
                  static_cast<std::streamsize>(data.size()));
        out.close();
        if (!out)
            throw ToolError(ExitCode::bad_input,
                            fmt::format("fs download: cannot write {}", args->local));
        Json doc{{"remote", args->remote}, {"local", args->local}, {"bytes", data.size()}};
        if (progress)
            doc["transfer"] =
                progress->finish("downloaded", client.counters().retries - retries_before)
                    .to_json();
        ctx.out.emit(doc, [&] { fmt::print("{} -> {}\n", args->remote, args->local); });
    });
}

void add_stat(CLI::App& group, Context& ctx) {
    auto remote = std::make_shared<std::string>();
    auto* cmd = group.add_subcommand("stat", "Show a file's size");
    cmd->add_option("REMOTE", *remote, "path on the device")->required();
    cmd->callback([&ctx, remote] {
        const smp::fs::FileStatus request{.name = *remote};
        const auto r = call(ctx, request, "fs stat " + *remote);
        ctx.out.emit(Json{{"name", *remote}, {"len", r.len}},
                     [&] { fmt::print("{} {} bytes\n", *remote, r.len); });
    });
}

void add_hash(CLI::App& group, Context& ctx) {
    struct Args {
        std::string remote;
        std::string type;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = group.add_subcommand("hash", "Hash or checksum a file on the device");
    cmd->add_option("REMOTE", args->remote, "path on the device")->required();
    cmd->add_option("--type", args->type, "crc32 or sha256 (default: the device's)");
    cmd->callback([&ctx, args] {
        smp::fs::FileHash request{.name = args->remote};
        if (!args->type.empty())
            request.type = args->type;
        const auto r = call(ctx, request, "fs hash " + args->remote);
        const auto output = std::holds_alternative<smp::Bytes>(r.output)
                                ? hex(std::get<smp::Bytes>(r.output))
                                : fmt::format("{:08x}", std::get<std::uint64_t>(r.output));
        ctx.out.emit(
            Json{{"name", args->remote}, {"type", r.type}, {"len", r.len}, {"output", output}},
            [&] { fmt::print("{} {} {}\n", r.type, output, args->remote); });
    });
}

void add_close(CLI::App& group, Context& ctx) {
    auto* cmd = group.add_subcommand("close", "Close the file an interrupted transfer left open");
    cmd->callback([&ctx] {
        call(ctx, smp::fs::FileClose{}, "fs close");
        ctx.out.emit(Json{{"closed", true}}, [] { std::cout << "closed\n"; });
    });
}

}  // namespace

void add_fs_commands(CLI::App& app, Context& ctx) {
    auto* group = add_group(app, "fs", "File system management (group 8)");
    add_upload(*group, ctx);
    add_download(*group, ctx);
    add_stat(*group, ctx);
    add_hash(*group, ctx);
    add_close(*group, ctx);
}

}  // namespace smpctl
