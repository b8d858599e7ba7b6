// SPDX-License-Identifier: Apache-2.0
// THE allow-list of the differential conformance harness (differential_test.cpp): every
// difference between smpsim --profile NAME and the real fixture NAME fails the test unless an
// entry here allows it, with the reason. Keep it short: fix smpsim instead where it can be
// fixed.
#include "conformance_allowlist.hpp"

#include <fnmatch.h>

namespace smp_zephyr {

const std::vector<Allowance>& conformance_allowlist() {
    static const std::vector<Allowance> entries = {
        {"*", "os.taskstat@*", "/tasks/*", true,
         "thread ids, states and stack use are addresses and moments of one process run"},
        {"*", "stat.show@*", "/fields/*", true,
         "smp_svr_stats counts seconds since boot: the two devices did not start together"},
        {"shell", "os.echo.fills_buffer", "/", false,
         "SMP inside the shell transport: the shell's own line handling takes a message of "
         "buf_size - 4 bytes without answering; smpsim has no shell, only its framing"},
    };
    return entries;
}

namespace {

bool matches(const char* pattern, const std::string& text) {
    return ::fnmatch(pattern, text.c_str(), 0) == 0;
}

}  // namespace

const Allowance* allowance_for(const std::string& profile, const std::string& probe,
                               const Difference& difference) {
    for (const auto& entry : conformance_allowlist()) {
        if (entry.values_only && difference.kind != Difference::Kind::value)
            continue;
        if (matches(entry.profiles, profile) && matches(entry.probe, probe) &&
            matches(entry.path, difference.path))
            return &entry;
    }
    return nullptr;
}

}  // namespace smp_zephyr
