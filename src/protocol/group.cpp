// SPDX-License-Identifier: Apache-2.0
#include <smp/protocol/group.hpp>

namespace smp {

std::string_view group_name(std::uint16_t group) noexcept {
    switch (group) {
        case 0:
            return "os";
        case 1:
            return "image";
        case 2:
            return "stat";
        case 3:
            return "settings";
        case 4:
            return "log";
        case 5:
            return "crash";
        case 6:
            return "split";
        case 7:
            return "run";
        case 8:
            return "fs";
        case 9:
            return "shell";
        case 10:
            return "enum";
        case 11:
            return "transport";
        case 63:
            return "zephyr_basic";
        default:
            return group >= to_underlying(Group::first_user) ? "user" : "unknown";
    }
}

}  // namespace smp
