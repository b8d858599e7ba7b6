// SPDX-License-Identifier: Apache-2.0
#pragma once
// The commands that run on several devices at once (fleet.hpp): os echo, image upload and
// upgrade. Each command's callback asks several_devices() first and hands over to its
// run_fleet_* here when the command line names more than one device.
#include "fleet.hpp"

#include <smp/client/upgrade.hpp>

#include <optional>
#include <string>
#include <vector>

namespace smpctl {

/// The devices when the command line names several (repeated --conn, --conn-file, or a USB
/// selector matching several boards); nullopt for one device or none.
std::optional<std::vector<ConnectionUri>> several_devices(const Context& ctx);

/// Each ends by printing the summary and throwing QuietExit (0 all ok, 10 some failed).
[[noreturn]] void run_fleet_echo(const Context& ctx, const std::vector<ConnectionUri>& targets,
                                 const std::string& text);
[[noreturn]] void run_fleet_upload(const Context& ctx, const std::vector<ConnectionUri>& targets,
                                   const std::string& file, const smp::UploadOptions& options);
[[noreturn]] void run_fleet_upgrade(const Context& ctx, const std::vector<ConnectionUri>& targets,
                                    const std::string& file, const smp::UpgradeOptions& options);

}  // namespace smpctl
