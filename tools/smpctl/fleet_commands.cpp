// SPDX-License-Identifier: Apache-2.0
// os echo and image upload on several devices (see fleet_commands.hpp); upgrade is in
// fleet_upgrade.cpp.
#include "fleet_commands.hpp"

#include "fleet_report.hpp"
#include "image_output.hpp"

#include <smp/protocol/messages/image.hpp>
#include <smp/protocol/messages/os.hpp>

namespace smpctl {

std::optional<std::vector<ConnectionUri>> several_devices(const Context& ctx) {
    const auto& conns = ctx.options.conns;
    if (conns.empty() || (conns.size() == 1 && !parse_uri(conns.front()).usb))
        return std::nullopt;
    auto targets = fleet_targets(ctx);
    if (targets.size() < 2)
        return std::nullopt;  // a USB selector that names one board: the usual single run
    return targets;
}

void run_fleet_echo(const Context& ctx, const std::vector<ConnectionUri>& targets,
                    const std::string& text) {
    const smp::os::Echo echo{.d = text};
    const auto records = run_fleet(
        ctx, targets,
        [&echo](smp::Client& client, DeviceRecord& record, DeviceLine&) -> asio::awaitable<void> {
            auto answer = co_await client.request(echo);
            record.detail["r"] = take(std::move(answer), "os echo").r;
        });
    throw QuietExit(report_fleet(ctx, "os echo", records));
}

// The running version before, the uploaded one after; the slot is left for `image test`.
asio::awaitable<void> upload_device(smp::Client& client, DeviceRecord& record, DeviceLine& line,
                                    const smp::mcuboot::ImageFile& file,
                                    const smp::UploadOptions& options) {
    const smp::image::StateRead read;
    auto before = co_await client.request(read);
    const auto state = take(std::move(before), "image list");
    if (const auto* slot = active_slot(state, options.image.value_or(0)))
        record.old_version = slot->version;
    // A named callback, no temporary in the co_await (the g++ 12 note in client.hpp).
    const smp::ProgressCallback progress = [&line](const smp::UploadProgress& p) {
        line.progress(p.bytes, p.total);
    };
    auto uploaded = co_await client.upload_image(file.bytes, options, progress);
    const auto result = take(std::move(uploaded), "image upload");
    record.new_version = file.image.version_string();
    record.detail["match"] = result.match ? Json(*result.match) : Json(nullptr);
    record.detail["resends"] = result.counters.resends;
}

void run_fleet_upload(const Context& ctx, const std::vector<ConnectionUri>& targets,
                      const std::string& path, const smp::UploadOptions& options) {
    const auto file = load_image(path);
    const auto records =
        run_fleet(ctx, targets, [&](smp::Client& client, DeviceRecord& record, DeviceLine& line) {
            return upload_device(client, record, line, file, options);
        });
    throw QuietExit(report_fleet(ctx, "image upload", records));
}

}  // namespace smpctl
