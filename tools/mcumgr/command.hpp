// SPDX-License-Identifier: Apache-2.0
#pragma once
// The command tree mcumgr accepts: the Go tool's cobra commands and pflag flags, as data, so
// that one parser (command_line.cpp) and one help printer (help_text.cpp) serve them all.
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace mcumgr {

/// A flag's value type; it decides whether the flag takes a value and how help names it.
enum class FlagKind { boolean, integer, floating, text };

struct Flag {
    std::string name;
    char shorthand = 0;  ///< 0: long form only
    FlagKind kind = FlagKind::text;
    std::string default_value;  ///< as pflag prints it: "10", "info", "false"
    std::string usage;
};

struct Command;

/// What the parser found: the command, its positional arguments and every flag's value.
struct Invocation {
    const Command* command = nullptr;
    std::vector<std::string> args{};
    std::map<std::string, std::string> values{};  ///< by long name, defaults filled in
    std::set<std::string> changed{};              ///< flags given on the command line
    std::string text(const std::string& flag) const;
    bool flag(const std::string& flag) const;
    long integer(const std::string& flag) const;
    double number(const std::string& flag) const;
};

using Handler = std::function<void(const Invocation&)>;

struct Command {
    std::string use;  ///< cobra's Use line; its first word is the name
    std::string short_help;
    std::string long_help{};
    std::string example{};
    std::vector<Flag> local_flags{};       ///< this command only
    std::vector<Flag> persistent_flags{};  ///< this command and all below it
    Handler run{};                         ///< empty: the command prints its help
    std::vector<std::unique_ptr<Command>> children{};
    Command* parent = nullptr;

    std::string name() const;
    std::string path() const;  ///< "mcumgr image upload"
    Command& add(std::unique_ptr<Command> child);
    const Command* child(const std::string& name) const;
    /// Local, own persistent and inherited persistent flags, plus -h/--help.
    std::vector<const Flag*> all_flags() const;
    std::vector<const Flag*> inherited_flags() const;
    std::vector<const Flag*> own_flags() const;  ///< local + own persistent + help
};

/// The Go tool's nmUsage: "Error: TEXT" on stderr, then (with a command) its help on stdout;
/// exit status 1.
class UsageError : public std::runtime_error {
  public:
    explicit UsageError(std::string text, const Command* command = nullptr)
        : std::runtime_error(std::move(text)), command_(command) {}
    const Command* command() const noexcept { return command_; }

  private:
    const Command* command_;
};

}  // namespace mcumgr
