// SPDX-License-Identifier: Apache-2.0
#pragma once
// Every typed SMP message of every standard management group, and the untyped custom
// messages. Include a single group's header instead to keep compile times down.
#include <smp/protocol/messages/custom.hpp>
#include <smp/protocol/messages/enumeration.hpp>
#include <smp/protocol/messages/fs.hpp>
#include <smp/protocol/messages/image.hpp>
#include <smp/protocol/messages/os.hpp>
#include <smp/protocol/messages/settings.hpp>
#include <smp/protocol/messages/shell.hpp>
#include <smp/protocol/messages/stat.hpp>
#include <smp/protocol/messages/zephyr_basic.hpp>
