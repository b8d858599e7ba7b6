// SPDX-License-Identifier: Apache-2.0
#pragma once
// Image views shared by `image` and `upgrade`: the slot table, the offline inspection of an
// image file, loading a file with smpctl's errors, and an upload with the progress bar.
#include "context.hpp"
#include "progress.hpp"

#include <smp/mcuboot/image_file.hpp>
#include <smp/protocol/messages/image.hpp>

#include <optional>
#include <string>

namespace smpctl {

Json state_json(const smp::image::StateResponse& state);
void print_state(const smp::image::StateResponse& state);
/// The slot state of the running image (active), or nullptr.
const smp::image::ImageSlotState* active_slot(const smp::image::StateResponse& state,
                                              std::uint32_t image = 0);

/// Loads and checks an image file. Throws ToolError(bad_input) naming the file.
smp::mcuboot::ImageFile load_image(const std::string& path);
Json inspect_json(const smp::mcuboot::ImageFile& file, const std::string& path);
void print_inspect(const smp::mcuboot::ImageFile& file, const std::string& path);

struct UploadOutcome {
    smp::UploadResult result{};
    TransferSummary summary{};
};
/// Uploads with the progress bar. Throws ToolError (with `what` and the device state hint).
UploadOutcome upload_with_progress(Context& ctx, const smp::mcuboot::ImageFile& file,
                                   smp::UploadOptions options, std::string_view what);

/// Parses hex text ("ab12..."); throws ToolError(usage) naming `what`.
smp::Bytes parse_hex(const std::string& text, std::string_view what);

}  // namespace smpctl
