// SPDX-License-Identifier: Apache-2.0
#pragma once
// The one reviewed list of the differences between smpsim and the real Zephyr 4.4 servers
// that the differential harness accepts; the entries and their reasons are in
// conformance_allowlist.cpp (the only place to add one).
#include "answer_diff.hpp"

#include <string>
#include <vector>

namespace smp_zephyr {

struct Allowance {
    const char* profiles;  ///< glob over the fixture configs ("*", "serial_buf*")
    const char* probe;     ///< glob over probe names ("os.taskstat@*")
    const char* path;      ///< glob over difference paths ("/tasks/*/stkuse")
    bool values_only;      ///< true: the same keys and types must still be there
    const char* reason;
};

const std::vector<Allowance>& conformance_allowlist();

/// The entry that allows `difference` in `probe` on `profile`, or nullptr.
const Allowance* allowance_for(const std::string& profile, const std::string& probe,
                               const Difference& difference);

}  // namespace smp_zephyr
