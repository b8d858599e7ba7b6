// SPDX-License-Identifier: Apache-2.0
// upgrade on several devices (see fleet_commands.hpp): the library's upgrade routine on each,
// with the single-device command's "already running" shortcut, a line per step and per few
// seconds of upload, and the versions before and after for the summary.
#include "fleet_commands.hpp"

#include "fleet_report.hpp"
#include "image_output.hpp"

#include <smp/protocol/messages/image.hpp>

namespace smpctl {

namespace {

struct Upgrade {
    const smp::mcuboot::ImageFile& file;
    const smp::UpgradeOptions& options;
};

// One line when the routine moves to a step ("marking the image for test..."); what it says
// within a step (a lost link during the upload) as it comes.
smp::UpgradeCallback step_lines(DeviceLine& line) {
    return [&line, last = smp::UpgradeStep::check](const smp::UpgradeEvent& event) mutable {
        if (event.step != last || event.step == smp::UpgradeStep::upload)
            line.info(event.message);
        else
            line.debug(event.message);
        last = event.step;
    };
}

asio::awaitable<void> upgrade_device(smp::Client& client, DeviceRecord& record, DeviceLine& line,
                                     const Upgrade& upgrade) {
    const auto& image = upgrade.file.image;
    const smp::image::StateRead read;
    auto before = co_await client.request(read);
    const auto state = take(std::move(before), "upgrade: image list");
    const auto* old_slot = active_slot(state, upgrade.options.upload.image.value_or(0));
    record.old_version = old_slot ? old_slot->version : "";
    if (old_slot && old_slot->hash && *old_slot->hash == image.hash) {
        record.result = "already-running";
        record.new_version = record.old_version;
        co_return;
    }
    const auto on_step = step_lines(line);
    const smp::ProgressCallback progress = [&line](const smp::UploadProgress& p) {
        line.progress(p.bytes, p.total);
    };
    auto done =
        co_await smp::upgrade(client, upgrade.file.bytes, upgrade.options, on_step, progress);
    const auto result = take(std::move(done), "upgrade");
    record.new_version = result.version;
    record.detail["hash"] = hex(result.hash);
    record.detail["confirmed"] = result.confirmed;
    record.detail["resends"] = result.upload.counters.resends;
}

}  // namespace

void run_fleet_upgrade(const Context& ctx, const std::vector<ConnectionUri>& targets,
                       const std::string& path, const smp::UpgradeOptions& options) {
    const auto file = load_image(path);
    const Upgrade upgrade{file, options};
    const auto records = run_fleet(
        ctx, targets, [&upgrade](smp::Client& client, DeviceRecord& record, DeviceLine& line) {
            return upgrade_device(client, record, line, upgrade);
        });
    throw QuietExit(report_fleet(ctx, "upgrade", records));
}

}  // namespace smpctl
