// SPDX-License-Identifier: Apache-2.0
// mcumgr: the Go mcumgr's command line (apache/mynewt-mcumgr-cli) over smpclient. What it
// prints, and its exit statuses, follow the Go tool so that scripts keep working:
// cobra's parse errors exit 0 (the Go main ignores Execute's error), nmUsage exits 1, and a
// device's non-zero rc prints "Error: RC" and exits 0.
#include "command_line.hpp"
#include "commands.hpp"
#include "go_text.hpp"
#include "help_text.hpp"
#include "profiles.hpp"
#include "session.hpp"

#include <algorithm>
#include <cctype>
#include <iostream>

namespace {

using namespace mcumgr;

// logrus.ParseLevel, which the Go tool runs before every command.
void check_log_level(const Invocation& invocation) {
    auto level = invocation.text("loglevel");
    std::transform(level.begin(), level.end(), level.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    static const char* known[] = {"panic",   "fatal", "error", "warn",
                                  "warning", "info",  "debug", "trace"};
    if (std::find(std::begin(known), std::end(known), level) == std::end(known))
        throw UsageError("not a valid logrus Level: " + go_quote(invocation.text("loglevel")));
}

// newtmgr/cli/usage.go nmUsage.
int usage_failure(const UsageError& e) {
    if (*e.what())
        std::cerr << "Error: " << e.what() << "\n";
    if (const auto* c = e.command())
        std::cout << "\n" << c->name() << " - " << help_text(*c);
    return 1;
}

int run(const Command& root, const std::vector<std::string>& args) {
    ProfileStore::load();  // the Go tool reads the profiles first, whatever the command
    const auto outcome = parse_command_line(root, args);
    const auto& invocation = outcome.invocation;
    switch (outcome.kind) {
        case ParseOutcome::Kind::command_error:
            std::cerr << "Error: " << outcome.error << "\nRun '" << invocation.command->path()
                      << " --help' for usage.\n";
            return 0;
        case ParseOutcome::Kind::flag_error:
            std::cerr << "Error: " << outcome.error << "\n"
                      << usage_text(*invocation.command) << "\n";
            return 0;
        case ParseOutcome::Kind::help:
            if (!invocation.flag("help"))
                check_log_level(invocation);
            std::cout << help_text(*invocation.command);
            return 0;
        case ParseOutcome::Kind::run:
            check_log_level(invocation);
            invocation.command->run(invocation);
            return 0;
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const auto root = build_command_tree();
    try {
        return run(*root, std::vector<std::string>(argv + 1, argv + argc));
    } catch (const UsageError& e) {
        return usage_failure(e);
    } catch (const DeviceRc& e) {
        std::cout << "Error: " << e.rc() << "\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "Error: " << e.what() << "\n";
        return 1;
    }
}
