// SPDX-License-Identifier: Apache-2.0
// cobra's Find (stripFlags, findNext, legacyArgs) and pflag's parseArgs, re-stated for our
// command tree. The quirks are kept on purpose: scripts were written against them.
#include "command_line.hpp"

#include "go_text.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>

namespace mcumgr {

namespace {

using Args = std::vector<std::string>;

const Flag* find_long(const Command& c, const std::string& name) {
    for (const auto* f : c.all_flags())
        if (f->name == name)
            return f;
    return nullptr;
}

const Flag* find_short(const Command& c, char shorthand) {
    for (const auto* f : c.all_flags())
        if (f->shorthand == shorthand)
            return f;
    return nullptr;
}

bool is_bool(const Flag* f) {
    return f && f->kind == FlagKind::boolean;
}

// cobra's stripFlags: the words that may name subcommands. A flag that is not known as a
// boolean is taken to consume the next word.
Args strip_flags(Args args, const Command& c) {
    Args commands;
    while (!args.empty()) {
        const std::string s = args.front();
        args.erase(args.begin());
        const bool has_eq = s.find('=') != std::string::npos;
        const bool long_with_value =
            s.rfind("--", 0) == 0 && !has_eq && !is_bool(find_long(c, s.substr(2)));
        const bool short_with_value = s.size() == 2 && s[0] == '-' && !is_bool(find_short(c, s[1]));
        if (s == "--")
            break;
        if (long_with_value || short_with_value) {
            if (args.size() <= 1)
                break;
            args.erase(args.begin());
        } else if (!s.empty() && s[0] != '-') {
            commands.push_back(s);
        }
    }
    return commands;
}

Args minus_first(Args args, const std::string& x) {
    const auto it = std::find(args.begin(), args.end(), x);
    if (it != args.end())
        args.erase(it);
    return args;
}

// Levenshtein distance, ignoring case (cobra's ld(..., true)).
std::size_t distance(std::string a, std::string b) {
    for (auto& ch : a)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    for (auto& ch : b)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string lower(std::string s) {
    for (auto& ch : s)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
}

std::string suggestions(const Command& c, const std::string& typed) {
    std::string out;
    for (const auto& child : c.children) {
        const auto name = child->name();
        if (distance(typed, name) <= 2 || lower(name).rfind(lower(typed), 0) == 0)
            out += "\t" + name + "\n";
    }
    return out.empty() ? out : "\n\nDid you mean this?\n" + out;
}

// Go's strconv results for the flag types mcumgr has; an empty string means valid.
std::string convert(const Flag& f, std::string& value) {
    const char* begin = value.c_str();
    char* end = nullptr;
    errno = 0;
    switch (f.kind) {
        case FlagKind::boolean: {
            static const std::vector<std::string> yes{"1", "t", "T", "TRUE", "true", "True"};
            static const std::vector<std::string> no{"0", "f", "F", "FALSE", "false", "False"};
            if (std::find(yes.begin(), yes.end(), value) != yes.end())
                value = "true";
            else if (std::find(no.begin(), no.end(), value) != no.end())
                value = "false";
            else
                return "strconv.ParseBool: parsing " + go_quote(value) + ": invalid syntax";
            return {};
        }
        case FlagKind::integer:
            std::strtoll(begin, &end, 0);
            if (value.empty() || *end != '\0')
                return "strconv.ParseInt: parsing " + go_quote(value) + ": invalid syntax";
            if (errno == ERANGE)
                return "strconv.ParseInt: parsing " + go_quote(value) + ": value out of range";
            return {};
        case FlagKind::floating:
            std::strtod(begin, &end);
            if (value.empty() || *end != '\0' || std::isspace(static_cast<unsigned char>(value[0])))
                return "strconv.ParseFloat: parsing " + go_quote(value) + ": invalid syntax";
            return {};
        case FlagKind::text:
            return {};
    }
    return {};
}

class FlagParser {
  public:
    explicit FlagParser(const Command& c) : c_(c) {
        for (const auto* f : c.all_flags())
            values_[f->name] = f->default_value;
    }

    // pflag's parseArgs with interspersed arguments; returns the error text or "".
    std::string parse(Args args) {
        while (!args.empty()) {
            const std::string s = args.front();
            args.erase(args.begin());
            if (s.size() < 2 || s[0] != '-') {
                positional_.push_back(s);
            } else if (s == "--") {
                positional_.insert(positional_.end(), args.begin(), args.end());
                break;
            } else if (auto error = s[1] == '-' ? parse_long(s, args) : parse_short(s, args);
                       !error.empty()) {
                return error;
            }
        }
        return {};
    }

    Invocation invocation() && {
        return Invocation{&c_, std::move(positional_), std::move(values_), std::move(changed_)};
    }

  private:
    std::string set(const Flag& f, std::string value) {
        if (auto error = convert(f, value); !error.empty()) {
            const std::string name =
                f.shorthand ? std::string("-") + f.shorthand + ", --" + f.name : "--" + f.name;
            return "invalid argument " + go_quote(value) + " for " + go_quote(name) +
                   " flag: " + error;
        }
        values_[f.name] = std::move(value);
        changed_.insert(f.name);
        return {};
    }

    std::string parse_long(const std::string& s, Args& args) {
        std::string name = s.substr(2);
        if (name.empty() || name[0] == '-' || name[0] == '=')
            return "bad flag syntax: " + s;
        const auto eq = name.find('=');
        const Flag* f = find_long(c_, name.substr(0, eq));
        if (!f)
            return "unknown flag: --" + name.substr(0, eq);
        if (eq != std::string::npos)
            return set(*f, name.substr(eq + 1));
        if (f->kind == FlagKind::boolean)
            return set(*f, "true");
        if (args.empty())
            return "flag needs an argument: " + s;
        const auto value = args.front();
        args.erase(args.begin());
        return set(*f, value);
    }

    std::string parse_short(const std::string& s, Args& args) {
        std::string shorthands = s.substr(1);
        while (!shorthands.empty()) {
            const char c = shorthands[0];
            const Flag* f = find_short(c_, c);
            if (!f)
                return "unknown shorthand flag: '" + std::string(1, c) + "' in -" + shorthands;
            std::string value;
            std::string rest = shorthands.substr(1);
            if (shorthands.size() > 2 && shorthands[1] == '=') {
                value = shorthands.substr(2);
                rest.clear();
            } else if (f->kind == FlagKind::boolean) {
                value = "true";
            } else if (shorthands.size() > 1) {
                value = shorthands.substr(1);
                rest.clear();
            } else if (!args.empty()) {
                value = args.front();
                args.erase(args.begin());
            } else {
                return "flag needs an argument: '" + std::string(1, c) + "' in -" + shorthands;
            }
            if (auto error = set(*f, value); !error.empty())
                return error;
            shorthands = rest;
        }
        return {};
    }

    const Command& c_;
    std::map<std::string, std::string> values_{};
    std::set<std::string> changed_{};
    Args positional_{};
};

}  // namespace

ParseOutcome parse_command_line(const Command& root, const std::vector<std::string>& args) {
    const Command* c = &root;
    Args rest = args;
    for (;;) {
        const auto words = strip_flags(rest, *c);
        if (words.empty())
            break;
        const Command* next = c->child(words.front());
        if (!next)
            break;
        rest = minus_first(rest, words.front());
        c = next;
    }
    ParseOutcome outcome;
    if (const auto words = strip_flags(rest, *c);
        c == &root && !c->children.empty() && !words.empty()) {
        outcome.kind = ParseOutcome::Kind::command_error;
        outcome.invocation.command = c;
        outcome.error = "unknown command " + go_quote(words.front()) + " for " +
                        go_quote(c->path()) + suggestions(*c, words.front());
        return outcome;
    }
    FlagParser parser(*c);
    outcome.error = parser.parse(rest);
    outcome.invocation = std::move(parser).invocation();
    if (!outcome.error.empty())
        outcome.kind = ParseOutcome::Kind::flag_error;
    else if (outcome.invocation.flag("help") || !c->run)
        outcome.kind = ParseOutcome::Kind::help;
    return outcome;
}

}  // namespace mcumgr
