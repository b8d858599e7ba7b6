// SPDX-License-Identifier: Apache-2.0
#pragma once
// Factories of the management groups (one file each under src/server/groups/).
#include "server/handler.hpp"

#include <memory>

namespace smp::server {

class Models;

std::unique_ptr<GroupHandler> make_os_group(Models& models);
std::unique_ptr<GroupHandler> make_image_group(Models& models);
std::unique_ptr<GroupHandler> make_stat_group(Models& models);
std::unique_ptr<GroupHandler> make_settings_group(Models& models);
std::unique_ptr<GroupHandler> make_fs_group(Models& models);
std::unique_ptr<GroupHandler> make_shell_group(Models& models);
std::unique_ptr<GroupHandler> make_enum_group(Models& models);
std::unique_ptr<GroupHandler> make_zephyr_basic_group(Models& models);

}  // namespace smp::server
