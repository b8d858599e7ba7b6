// SPDX-License-Identifier: Apache-2.0
// Log levels' names (see smp/client/log.hpp).
#include <smp/client/log.hpp>

namespace smp {

std::string_view to_string(LogLevel level) noexcept {
    switch (level) {
        case LogLevel::debug:
            return "debug";
        case LogLevel::info:
            return "info";
        case LogLevel::warning:
            return "warning";
    }
    return "warning";
}

}  // namespace smp
