// SPDX-License-Identifier: Apache-2.0
#pragma once
// The end of a command on several devices: a summary table on stdout (device, old version,
// new version, time, result) with the failures spelled out on stderr, or with --json one
// document with a record per device; and the exit code (0 all succeeded, 10 some failed).
#include "fleet.hpp"

#include <string_view>
#include <vector>

namespace smpctl {

/// Prints the summary (see above) and returns the exit code.
ExitCode report_fleet(const Context& ctx, std::string_view command,
                      const std::vector<DeviceRecord>& records);

/// A record as JSON (--json).
Json record_json(const DeviceRecord& record);

}  // namespace smpctl
