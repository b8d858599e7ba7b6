// SPDX-License-Identifier: Apache-2.0
// image group (1): list, upload, test, confirm, erase, slots; offline: inspect, make.
#include "commands.hpp"
#include "fleet_commands.hpp"
#include "image_output.hpp"

#include <smp/client/upgrade_plan.hpp>
#include <smp/mcuboot/image_builder.hpp>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <memory>
#include <random>

namespace smpctl {

namespace {

void add_list(CLI::App& group, Context& ctx) {
    auto* cmd = group.add_subcommand("list", "Show the images in the device's slots");
    cmd->callback([&ctx] {
        const auto state = call(ctx, smp::image::StateRead{}, "image list");
        ctx.out.emit(state_json(state), [&] { print_state(state); });
    });
}

// The steps after an upload, as `smpctl upgrade` would take them for this device.
void print_next_steps(const smp::UpgradePlan& plan, const std::string& hash) {
    switch (plan.path) {
        case smp::UpgradePath::recovery:
            fmt::print(
                "the device is in MCUboot serial recovery: the image is in slot 0\n"
                "next: smpctl os reset (leaves the bootloader, which boots it)\n");
            return;
        case smp::UpgradePath::overwrite:
            fmt::print("{}\nnext: smpctl image confirm {}, then smpctl os reset\n",
                       plan.explanation, hash);
            return;
        case smp::UpgradePath::newest_boots:
            fmt::print("{}\nnext: smpctl os reset\n", plan.explanation);
            return;
        case smp::UpgradePath::bootloader_required:
            fmt::print("{}\n", plan.explanation);
            return;
        default:
            fmt::print("next: smpctl image test {}, then smpctl os reset\n", hash);
    }
}

void add_upload(CLI::App& group, Context& ctx) {
    struct Args {
        std::string file;
        std::optional<std::uint32_t> image;
        bool upgrade = false;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = group.add_subcommand("upload", "Upload an image to the secondary slot");
    cmd->add_option("FILE", args->file, "MCUboot image (.bin or Intel HEX)")->required();
    cmd->add_option("--image", args->image, "image number (multi-image devices)");
    cmd->add_flag("--upgrade", args->upgrade, "refuse unless newer than the running image");
    cmd->callback([&ctx, args] {
        const auto file = load_image(args->file);
        smp::UploadOptions options;
        options.image = args->image;
        if (args->upgrade)
            options.upgrade = true;
        options.window = ctx.options.window;
        if (const auto targets = several_devices(ctx))
            run_fleet_upload(ctx, *targets, args->file, options);
        // Asked first: on MCUboot serial recovery without the params command, identify()
        // also finds the receive buffer, so the upload fills it. What comes next depends on
        // it too: the application's MCUboot mode, or recovery, which writes slot 0 itself.
        const auto device = take(ctx.client().identify(), fmt::format("identify {}", ctx.conn()));
        const auto plan = smp::plan_upgrade(device, smp::UpgradeOptions{});
        const auto outcome = upload_with_progress(ctx, file, options, "image upload");
        Json doc{{"file", args->file},
                 {"version", file.image.version_string()},
                 {"hash", hex(file.image.hash)},
                 {"file_sha256", hex(file.image.file_sha256)},
                 {"match", outcome.result.match ? Json(*outcome.result.match) : Json(nullptr)},
                 {"transfer", outcome.summary.to_json()},
                 {"device", smp::to_string(device.kind)},
                 {"upgrade_path", smp::to_string(plan.path)}};
        ctx.out.emit(doc, [&] {
            fmt::print("uploaded {} version {}, hash {}\n", args->file, file.image.version_string(),
                       hex(file.image.hash));
            print_next_steps(plan, hex(file.image.hash));
        });
    });
}

void add_state_write(CLI::App& group, Context& ctx, bool confirm) {
    auto hash = std::make_shared<std::string>();
    auto* cmd = confirm ? group.add_subcommand(
                              "confirm", "Make an image permanent (no HASH: the running image)")
                        : group.add_subcommand("test", "Boot an image once on the next reset");
    auto* opt = cmd->add_option("HASH", *hash, "image hash (hex, from image list/inspect)");
    if (!confirm)
        opt->required();
    cmd->callback([&ctx, hash, confirm] {
        smp::image::StateWrite write;
        if (!hash->empty())
            write.hash = parse_hex(*hash, "HASH");
        write.confirm = confirm;
        const auto state = call(ctx, write, confirm ? "image confirm" : "image test");
        ctx.out.emit(state_json(state), [&] { print_state(state); });
    });
}

void add_erase(CLI::App& group, Context& ctx) {
    auto slot = std::make_shared<std::optional<std::uint32_t>>();
    auto* cmd = group.add_subcommand("erase", "Erase a slot (default: the inactive one)");
    cmd->add_option("--slot", *slot, "slot number");
    cmd->callback([&ctx, slot] {
        const smp::image::Erase erase{.slot = *slot};
        call(ctx, erase, "image erase");
        Json doc{{"erased", true}};
        doc["slot"] = *slot ? Json(**slot) : Json(nullptr);
        ctx.out.emit(doc, [] { std::cout << "erased\n"; });
    });
}

void add_slots(CLI::App& group, Context& ctx) {
    auto* cmd = group.add_subcommand("slots", "Show slot sizes");
    cmd->callback([&ctx] {
        const auto r = call(ctx, smp::image::SlotInfo{}, "image slots");
        Json images = Json::array();
        for (const auto& image : r.images) {
            Json slots = Json::array();
            for (const auto& s : image.slots) {
                Json slot{{"slot", s.slot}, {"size", s.size}};
                if (s.upload_image_id)
                    slot["upload_image_id"] = *s.upload_image_id;
                slots.push_back(slot);
            }
            Json entry{{"image", image.image}, {"slots", slots}};
            if (image.max_image_size)
                entry["max_image_size"] = *image.max_image_size;
            images.push_back(entry);
        }
        ctx.out.emit(Json{{"images", images}}, [&] {
            fmt::print("{:<5} {:<4} {:>10} {:>15}\n", "image", "slot", "size", "max image size");
            for (const auto& image : r.images)
                for (const auto& s : image.slots)
                    fmt::print("{:<5} {:<4} {:>10} {:>15}\n", image.image, s.slot, s.size,
                               image.max_image_size ? std::to_string(*image.max_image_size) : "-");
        });
    });
}

void add_inspect(CLI::App& group, Context& ctx) {
    auto path = std::make_shared<std::string>();
    auto* cmd = group.add_subcommand(
        "inspect", "Show an image file's header, version, TLVs and hash (offline)");
    cmd->add_option("FILE", *path, "MCUboot image (.bin or Intel HEX)")->required();
    cmd->callback([&ctx, path] {
        const auto file = load_image(*path);
        ctx.out.emit(inspect_json(file, *path), [&] { print_inspect(file, *path); });
    });
}

smp::mcuboot::ImageVersion parse_version(const std::string& text) {
    smp::mcuboot::ImageVersion v;
    unsigned major = 0, minor = 0, revision = 0, build = 0;
    char tail = 0;
    const int n =
        std::sscanf(text.c_str(), "%u.%u.%u.%u%c", &major, &minor, &revision, &build, &tail);
    if (n < 1 || n > 4 || major > 255 || minor > 255 || revision > 65535)
        throw ToolError(ExitCode::usage,
                        fmt::format("--version \"{}\" is not MAJOR.MINOR.REVISION[.BUILD] "
                                    "(major, minor <= 255, revision <= 65535)",
                                    text));
    v.major = static_cast<std::uint8_t>(major);
    v.minor = static_cast<std::uint8_t>(minor);
    v.revision = static_cast<std::uint16_t>(revision);
    v.build = build;
    return v;
}

void add_make(CLI::App& group, Context& ctx) {
    struct Args {
        std::string version = "1.0.0";
        std::size_t size = 65536;
        std::uint16_t header_size = 0x200;
        std::uint32_t seed = 1;
        std::string out;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = group.add_subcommand(
        "make", "Developer helper: write an unsigned test MCUboot image (no imgtool needed)");
    cmd->add_option("--version", args->version, "image version MAJOR.MINOR.REVISION[.BUILD]")
        ->capture_default_str();
    cmd->add_option("--size", args->size, "payload bytes")->capture_default_str();
    cmd->add_option("--header-size", args->header_size, "header size (Zephyr uses 0x200)")
        ->capture_default_str();
    cmd->add_option("--seed", args->seed, "payload PRNG seed (different seeds, different hashes)")
        ->capture_default_str();
    cmd->add_option("OUT", args->out, "output file")->required();
    cmd->callback([&ctx, args] {
        smp::Bytes payload(args->size);
        std::mt19937 prng(args->seed);
        for (auto& b : payload)
            b = static_cast<std::uint8_t>(prng());
        smp::mcuboot::ImageBuildOptions options;
        options.version = parse_version(args->version);
        options.header_size = args->header_size;
        auto image = take(smp::mcuboot::build_mcuboot_image(payload, options), "image make");
        std::ofstream out(args->out, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(image.data()),
                  static_cast<std::streamsize>(image.size()));
        out.close();
        if (!out)
            throw ToolError(ExitCode::bad_input,
                            fmt::format("image make: cannot write {}", args->out));
        const auto file = load_image(args->out);
        ctx.out.emit(inspect_json(file, args->out), [&] {
            fmt::print("wrote {}: version {}, {} bytes, hash {}\n", args->out,
                       file.image.version_string(), image.size(), hex(file.image.hash));
        });
    });
}

}  // namespace

void add_image_commands(CLI::App& app, Context& ctx) {
    auto* group = add_group(app, "image", "Image management (group 1) and image files");
    add_list(*group, ctx);
    add_upload(*group, ctx);
    add_state_write(*group, ctx, false);
    add_state_write(*group, ctx, true);
    add_erase(*group, ctx);
    add_slots(*group, ctx);
    add_inspect(*group, ctx);
    add_make(*group, ctx);
}

}  // namespace smpctl
