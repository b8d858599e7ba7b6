// SPDX-License-Identifier: Apache-2.0
// image list|test|confirm|upload|erase (newtmgr/cli/image.go). The upload is ours: pipelined,
// resumed, and patient with the first chunk, during which the device erases the slot.
#include "commands.hpp"
#include "go_text.hpp"
#include "image_text.hpp"
#include "session.hpp"

#include <smp/protocol/messages/image.hpp>

#include <cerrno>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace mcumgr {

namespace {

void list(const Invocation& invocation) {
    Session session(invocation);
    std::cout << image_state_text(session.call(smp::image::StateRead{}));
}

void state_write(const Invocation& invocation, bool confirm) {
    smp::image::StateWrite write;
    write.confirm = confirm;
    try {
        if (!invocation.args.empty())
            write.hash = decode_hex(invocation.args[0]);
    } catch (const UsageError& e) {
        throw UsageError(e.what(), invocation.command);  // the Go tool adds the help here
    }
    Session session(invocation);
    std::cout << image_state_text(session.call(write));
}

smp::Bytes read_file(const std::string& path, const Command& command) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw UsageError("open " + path + ": " + go_errno_text(errno), &command);
    return smp::Bytes(std::istreambuf_iterator<char>(in), {});
}

// A plain counter on a terminal only: the Go tool's progress bar is not part of what
// scripts read (they see "Done").
smp::ProgressCallback progress_printer() {
    if (!stdout_is_terminal())
        return {};
    return [](const smp::UploadProgress& p) {
        std::cout << "\r" << p.bytes << " / " << p.total << " bytes" << std::flush;
    };
}

smp::UploadOptions upload_options(const Invocation& invocation, const Session& session) {
    smp::UploadOptions options;
    if (const auto image = invocation.integer("image"); image != 0)
        options.image = static_cast<std::uint32_t>(image);
    if (invocation.flag("upgrade"))
        options.upgrade = true;
    if (invocation.changed.count("maxwinsize"))
        options.window = static_cast<std::size_t>(std::max(1L, invocation.integer("maxwinsize")));
    // -t is the Go tool's per-request timeout; it never shortens our defaults, so that a
    // short -t cannot break the first chunk (the device erases the slot before answering).
    options.chunk_timeout = std::max(options.chunk_timeout, session.timeout());
    options.first_chunk_timeout = std::max(options.first_chunk_timeout, session.timeout());
    return options;
}

void upload(const Invocation& invocation) {
    const auto& command = *invocation.command;
    if (invocation.args.empty())
        throw UsageError("Need to specify image to upload", &command);
    const auto data = read_file(invocation.args[0], command);
    if (invocation.integer("image") < 0)
        throw UsageError("Invalid image number", &command);
    Session session(invocation);
    if (!invocation.flag("noerase"))
        session.call(smp::image::Erase{});
    const auto options = upload_options(invocation, session);
    auto result = session.client().upload_image(data, options, progress_printer());
    if (stdout_is_terminal())
        std::cout << "\n";
    if (!result)
        Session::fail(result.error());
    std::cout << "Done\n";
}

void erase(const Invocation& invocation) {
    Session session(invocation);
    session.call(smp::image::Erase{});
    std::cout << "Done\n";
}

void not_in_zephyr(const Invocation& invocation) {
    throw UsageError(invocation.command->path() +
                     ": core dumps are not supported by this mcumgr (Zephyr has no such "
                     "commands)");
}

std::unique_ptr<Command> upload_command() {
    auto c =
        make_command("upload <image-file> -c <conn_profile>", "Upload image to a device", upload);
    c->example = "  mcumgr -c olimex image upload bin/slinky_zero/apps/slinky.img\n";
    c->persistent_flags = {
        {"noerase", 'e', FlagKind::boolean, "true",
         "Don't send specific image erase command to start with"},
        {"upgrade", 'u', FlagKind::boolean, "false",
         "Only allow the upload if the new image's version is greater than that of the "
         "currently running image"},
        {"image", 'n', FlagKind::integer, "0",
         "In a multi-image system, which image should be uploaded"},
        {"maxwinsize", 'w', FlagKind::integer, "5",
         "Set the maximum size for the window of outstanding chunks in transit. caution:higher "
         "num may not translate to better perf and may result in errors"},
    };
    return c;
}

std::unique_ptr<Command> confirm_command() {
    auto c = make_command("confirm [hex-image-hash] -c <conn_profile>", "Permanently run image",
                          [](const Invocation& i) { state_write(i, true); });
    c->long_help =
        "If a hash is specified, permanently switch to the corresponding image.  If no hash is "
        "specified, the current image setup is made permanent.";
    return c;
}

std::unique_ptr<Command> test_command() {
    return make_command("test <hex-image-hash>", "Test an image on next reboot",
                        [](const Invocation& i) {
                            if (i.args.empty())
                                throw UsageError("", i.command);
                            state_write(i, false);
                        });
}

std::unique_ptr<Command> erase_command() {
    auto c = make_command("erase -c <conn_profile>", "Erase unused image on a device", erase);
    c->long_help =
        "Erase an unused image from the secondary image slot on a device.\n"
        "The image cannot be erased if the image is a confirmed image, is marked\n"
        "for test on the next reboot, or is an active image for a split image setup.\n";
    c->example = "  mcumgr -c olimex image erase\n";
    return c;
}

}  // namespace

void add_image_commands(Command& root) {
    auto image = make_command("image", "Manage images on a device", {});
    image->add(make_command("list -c <conn_profile>", "Show images on a device", list));
    image->add(test_command());
    image->add(confirm_command());
    image->add(upload_command());
    image->add(erase_command());
    image->add(
        make_command("corelist -c <conn_profile>", "List core(s) on a device", not_in_zephyr));
    image->add(make_command("coredownload <core-file> -c <conn_profile>",
                            "Download core from a device", not_in_zephyr));
    image->add(
        make_command("coreerase -c <conn_profile>", "Erase core on a device", not_in_zephyr));
    image->add(make_command("coreconvert <core-filename> <elf-filename>", "Convert core to ELF",
                            not_in_zephyr));
    root.add(std::move(image));
}

}  // namespace mcumgr
