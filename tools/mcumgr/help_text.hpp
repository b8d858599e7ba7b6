// SPDX-License-Identifier: Apache-2.0
#pragma once
// cobra v0.0.5's help and usage templates, with pflag's flag table, filled from the command
// tree: what `mcumgr -h`, `mcumgr image` and the usage errors print.
#include "command.hpp"

#include <string>

namespace mcumgr {

/// cobra's UsageString(): "Usage:" ... "Use \"... --help\" ...", ending in a newline.
std::string usage_text(const Command& command);

/// cobra's help template: the long (or short) description, a blank line, then the usage.
std::string help_text(const Command& command);

}  // namespace mcumgr
