// SPDX-License-Identifier: Apache-2.0
#pragma once
// The Go tool's command-line rules (cobra v0.0.5 over pflag v1.0.5, which mcumgr-cli pins):
// subcommands found by their names among the words that are not flags, then flags parsed
// anywhere after, so `image upload FILE -e -n 1` and `-t 30 image upload FILE` both work.
#include "command.hpp"

#include <string>
#include <vector>

namespace mcumgr {

struct ParseOutcome {
    enum class Kind {
        run,            ///< run invocation.command
        help,           ///< -h/--help or a command that only shows its help
        command_error,  ///< cobra's Find failed (unknown command): error + "Run '... --help'"
        flag_error,     ///< pflag failed: error + the command's usage
    };
    Kind kind = Kind::run;
    Invocation invocation{};
    std::string error{};
};

ParseOutcome parse_command_line(const Command& root, const std::vector<std::string>& args);

}  // namespace mcumgr
