// SPDX-License-Identifier: Apache-2.0
// stat, config, shell exec, fs upload|download (newtmgr/cli/{stat,config,shell,fs}.go).
#include "commands.hpp"
#include "go_text.hpp"
#include "session.hpp"

#include <smp/protocol/messages/settings.hpp>
#include <smp/protocol/messages/shell.hpp>
#include <smp/protocol/messages/stat.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <fstream>
#include <iostream>
#include <iterator>

namespace mcumgr {

namespace {

void stat_list(const Invocation& invocation) {
    Session session(invocation);
    auto groups = session.call(smp::stat::List{}).stat_list;
    if (groups.empty()) {
        std::cout << "stat groups: none\n";
        return;
    }
    std::sort(groups.begin(), groups.end());
    std::cout << "stat groups:\n";
    for (const auto& g : groups)
        std::cout << "    " << g << "\n";
}

void stat_read(const Invocation& invocation) {
    if (invocation.args.empty())
        throw UsageError("", invocation.command);
    Session session(invocation);
    const auto r = session.call(smp::stat::GroupData{.name = invocation.args[0]});
    std::cout << "stat group: " << r.name << "\n";
    if (r.fields.empty())
        std::cout << "    (empty)\n";
    for (const auto& [name, value] : r.fields)
        fmt::print("{:>10} {}\n", value, name);
}

void config(const Invocation& invocation) {
    const auto& args = invocation.args;
    if (args.empty())
        throw UsageError("", invocation.command);
    Session session(invocation);
    if (args.size() == 1 && args[0] == "save") {
        session.call(smp::settings::Save{});
        std::cout << "Done\n";
    } else if (args.size() == 1) {
        const auto val = session.call(smp::settings::Read{.name = args[0]}).val;
        std::cout << "Value: " << std::string(val.begin(), val.end()) << "\n";
    } else {
        session.call(smp::settings::Write{.name = args[0],
                                          .val = smp::Bytes(args[1].begin(), args[1].end())});
        std::cout << "Done\n";
    }
}

void shell_exec(const Invocation& invocation) {
    if (invocation.args.empty())
        throw UsageError("", invocation.command);
    Session session(invocation);
    // The Go tool reads the status from "rc" only (current Zephyr puts the command's own
    // return code in "ret"), so "status=" is the device's rc, as it was.
    std::int64_t status = 0;
    std::string output;
    try {
        const auto r = session.call(smp::shell::Exec{.argv = invocation.args});
        status = r.rc.value_or(0);
        output = r.o;
    } catch (const DeviceRc& e) {
        status = e.rc();
    }
    std::cout << "status=" << status << "\n";
    if (!output.empty())
        std::cout << output << (output.back() == '\n' ? "" : "\n");
}

void fs_upload(const Invocation& invocation) {
    const auto& args = invocation.args;
    if (args.size() < 2)
        throw UsageError("", invocation.command);
    std::ifstream in(args[0], std::ios::binary);
    if (!in)
        throw UsageError("open " + args[0] + ": " + go_errno_text(errno), invocation.command);
    const smp::Bytes data(std::istreambuf_iterator<char>(in), {});
    Session session(invocation);
    // One line per answer, the offset the device has: what the Go tool prints.
    auto status = session.client().upload_file(
        args[1], data, {}, [](const smp::UploadProgress& p) { std::cout << p.bytes << "\n"; });
    if (!status)
        Session::fail(status.error());
    std::cout << "Done\n";
}

void fs_download(const Invocation& invocation) {
    const auto& args = invocation.args;
    if (args.size() < 2)
        throw UsageError("", invocation.command);
    std::ofstream out(args[1], std::ios::binary | std::ios::trunc);
    if (!out)
        throw UsageError(
            "Cannot open file " + args[1] + " - open " + args[1] + ": " + go_errno_text(errno),
            invocation.command);
    Session session(invocation);
    // The Go tool prints each chunk's offset as it arrives: the bytes before it.
    std::uint64_t before = 0;
    auto data =
        session.client().download_file(args[0], {}, [&before](const smp::UploadProgress& p) {
            std::cout << before << "\n";
            before = p.bytes;
        });
    if (!data)
        Session::fail(data.error());
    out.write(reinterpret_cast<const char*>(data->data()),
              static_cast<std::streamsize>(data->size()));
    std::cout << "Done\n";
}

}  // namespace

void add_stat_command(Command& root) {
    auto stat = make_command("stat <stats_name> -c <conn_profile>", "Read statistics from a device",
                             stat_read);
    stat->long_help = "Read statistics for the specified stats_name from a device";
    stat->add(make_command("list -c <conn_profile>", "Read the list of Stats names from a device",
                           stat_list));
    root.add(std::move(stat));
}

void add_config_command(Command& root) {
    auto c = make_command("config <var-name> [var-value] -c <conn_profile>",
                          "Read or write a config value on a device", config);
    c->long_help =
        "Read or write a config value for <var-name> variable on a device.\n"
        "Specify a var-value to write a value to a device.\n"
        "To persist existing configuration use 'save' as the var-name.\n";
    c->example =
        "    mcumgr -c olimex config test/8\n"
        "    mcumgr -c olimex config test/8 1\n"
        "    mcumgr -c olimex config save\n";
    root.add(std::move(c));
}

void add_shell_command(Command& root) {
    auto shell = make_command("shell", "Execute shell commands remotely", {});
    shell->add(
        make_command("exec <command> [args...]", "Execute a shell command remotely", shell_exec));
    root.add(std::move(shell));
}

void add_fs_command(Command& root) {
    auto fs = make_command("fs", "Access files on a device", {});
    auto upload = make_command("upload <src-filename> <dst-filename> -c <conn_profile>",
                               "Upload file to a device", fs_upload);
    upload->example = "  mcumgr -c olimex fs upload sample.lua /sample.lua\n";
    auto download = make_command("download <src-filename> <dst-filename> -c <conn_profile>",
                                 "Download file from a device", fs_download);
    download->example = "  mcumgr -c olimex image download /cfg/mfg mfg.txt\n";
    fs->add(std::move(upload));
    fs->add(std::move(download));
    root.add(std::move(fs));
}

}  // namespace mcumgr
