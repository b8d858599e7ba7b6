// SPDX-License-Identifier: Apache-2.0
#pragma once
// smpsim --profile NAME: the device settings of one real Zephyr 4.4 / MCUboot fixture build
// (shared/zephyr-fixtures, manifest.json), so that smpsim answers as that build does.
#include <smp/server/config.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smpsim {

/// Where the fixture's SMP transport is.
enum class ProfileLink { pty, pty_raw, udp, udp6, tcp, tcp_raw };

struct Profile {
    const char* name;
    const char* summary;
    ProfileLink link;
    smp::server::DeviceConfig config;
};

/// Every profile, in the order `smpsim --help` lists them.
const std::vector<Profile>& profiles();

/// The profile called `name`, or nullptr.
const Profile* find_profile(std::string_view name);

/// The --help text listing the profiles.
std::string profiles_help();

}  // namespace smpsim
