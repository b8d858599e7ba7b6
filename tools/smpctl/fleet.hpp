// SPDX-License-Identifier: Apache-2.0
#pragma once
// One command on several devices: the devices named by repeated --conn, --conn-file or a USB
// selector matching several boards, worked on concurrently by coroutines on one io_context,
// at most --parallel at a time. Each device gets its own smp::Client and its own record; a
// device that fails (ToolError, timeout, lost link) is recorded and never stops the others.
#include "context.hpp"
#include "device_line.hpp"
#include "exit_codes.hpp"

#include <smp/client/client.hpp>

#include <asio/awaitable.hpp>

#include <functional>
#include <string>
#include <vector>

namespace smpctl {

/// One device's result, for the summary table and --json.
struct DeviceRecord {
    std::string device{};  ///< the name in progress lines and the table
    std::string result{};  ///< "ok", "already-running", "failed"
    ExitCode code = ExitCode::ok;
    std::string error{};           ///< the failure, as a single-device run would print it
    std::string old_version{};     ///< running before (empty: not known or not applicable)
    std::string new_version{};     ///< running or uploaded after
    double seconds = 0;            ///< connect to finish
    Json detail = Json::object();  ///< what the command adds (echo answer, transfer figures)
};

/// What a command does on one connected device. It fills `record` and throws ToolError on
/// failure (take() does); `line` prints for this device.
using DeviceJob = std::function<asio::awaitable<void>(smp::Client&, DeviceRecord&, DeviceLine&)>;

/// The devices the command line names (each --conn, --conn-file line, and every port a USB
/// selector matches), in that order. Throws ToolError for a bad URI or a selector matching
/// nothing.
std::vector<ConnectionUri> fleet_targets(const Context& ctx);

/// Runs `job` on every target, --parallel at a time, on one thread; the records in target
/// order.
std::vector<DeviceRecord> run_fleet(const Context& ctx, const std::vector<ConnectionUri>& targets,
                                    const DeviceJob& job);

}  // namespace smpctl
