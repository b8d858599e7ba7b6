// fs group (8): upload, download, stat, hash, close. Transfers are one request at a time
// (Zephyr's fs group keeps a single file context), chunks sized exactly to the device buffer.
#include "commands.hpp"
#include "progress.hpp"

#include <smp/protocol/chunk_sizing.hpp>
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
        const auto budget = client.params().message_budget;
        Progress progress(ctx.out, "fs upload", data.size());
        std::uint64_t off = 0;
        do {
            smp::fs::FileUpload chunk{.off = off, .name = args->remote};
            if (off == 0)
                chunk.len = data.size();
            const auto room = take(smp::max_chunk_data(chunk, budget), "fs upload: chunk sizing");
            const auto n = std::min<std::uint64_t>(room, data.size() - off);
            chunk.data.assign(data.begin() + static_cast<long>(off),
                              data.begin() + static_cast<long>(off + n));
            const auto r =
                call(ctx, chunk, fmt::format("fs upload {} at offset {}", args->remote, off));
            if (!r.off || (*r.off <= off && n > 0))
                throw ToolError(
                    ExitCode::failure,
                    fmt::format("fs upload {}: the device did not advance past offset {}",
                                args->remote, off));
            off = *r.off;
            progress.update(off);
        } while (off < data.size());
        const auto summary = progress.finish("uploaded", client.counters().retries);
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
        smp::Bytes data;
        std::uint64_t total = 0;
        std::unique_ptr<Progress> progress;
        for (;;) {
            const smp::fs::FileDownload request{.off = data.size(), .name = args->remote};
            const auto r =
                call(ctx, request,
                     fmt::format("fs download {} at offset {}", args->remote, data.size()));
            if (r.len) {
                total = *r.len;
                progress = std::make_unique<Progress>(ctx.out, "fs download", total);
            }
            if (r.off != data.size())
                throw ToolError(ExitCode::failure,
                                fmt::format("fs download {}: asked offset {}, device answered {}",
                                            args->remote, data.size(), r.off));
            data.insert(data.end(), r.data.begin(), r.data.end());
            if (progress)
                progress->update(data.size());
            if (r.data.empty() || data.size() >= total)
                break;
        }
        std::ofstream out(args->local, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data.data()),
                  static_cast<std::streamsize>(data.size()));
        out.close();
        if (!out)
            throw ToolError(ExitCode::bad_input,
                            fmt::format("fs download: cannot write {}", args->local));
        Json doc{{"remote", args->remote}, {"local", args->local}, {"bytes", data.size()}};
        if (progress)
            doc["transfer"] = progress->finish("downloaded", client.counters().retries).to_json();
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
