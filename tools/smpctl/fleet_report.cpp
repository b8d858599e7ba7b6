// SPDX-License-Identifier: Apache-2.0
// Summary of a command on several devices (see fleet_report.hpp).
#include "fleet_report.hpp"

#include "table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>

namespace smpctl {

namespace {

std::string result_cell(const DeviceRecord& r) {
    if (r.result != "failed")
        return r.result;
    return fmt::format("FAILED (exit {})", static_cast<int>(r.code));
}

void print_summary(const std::vector<DeviceRecord>& records) {
    const auto or_dash = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
    std::vector<TableRow> rows{{"DEVICE", "OLD", "NEW", "TIME", "RESULT"}};
    for (const auto& r : records)
        rows.push_back({r.device, or_dash(r.old_version), or_dash(r.new_version),
                        fmt::format("{:.1f} s", r.seconds), result_cell(r)});
    print_table(rows);
}

}  // namespace

Json record_json(const DeviceRecord& r) {
    Json doc{{"device", r.device},
             {"result", r.result},
             {"exit_code", static_cast<int>(r.code)},
             {"old_version", r.old_version.empty() ? Json(nullptr) : Json(r.old_version)},
             {"new_version", r.new_version.empty() ? Json(nullptr) : Json(r.new_version)},
             {"seconds", r.seconds}};
    if (!r.error.empty())
        doc["error"] = r.error;
    for (const auto& [key, value] : r.detail.items())
        doc[key] = value;
    return doc;
}

ExitCode report_fleet(const Context& ctx, std::string_view command,
                      const std::vector<DeviceRecord>& records) {
    const auto failed = static_cast<std::size_t>(std::count_if(
        records.begin(), records.end(), [](const auto& r) { return r.result == "failed"; }));
    Json devices = Json::array();
    for (const auto& r : records)
        devices.push_back(record_json(r));
    const Json doc{{"command", command},
                   {"devices", devices},
                   {"succeeded", records.size() - failed},
                   {"failed", failed}};
    ctx.out.emit(doc, [&] {
        print_summary(records);
        fmt::print("{} of {} devices succeeded\n", records.size() - failed, records.size());
    });
    // Why each failed, in full, where people look for errors (the table has no room).
    for (const auto& r : records)
        if (r.result == "failed")
            fmt::print(stderr, "smpctl: {}: {}\n", r.device, r.error);
    return failed == 0 ? ExitCode::ok : ExitCode::some_failed;
}

}  // namespace smpctl
