// SPDX-License-Identifier: Apache-2.0
// cobra's default help and usage templates and pflag's FlagUsages, re-stated: the layout
// (sorted flags, aligned usage column, "(default ...)" suffixes) is what users have seen.
#include "help_text.hpp"

#include <algorithm>

namespace mcumgr {

namespace {

std::string trim_trailing(std::string s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\t'))
        s.pop_back();
    return s;
}

std::string type_word(const Flag& f) {
    switch (f.kind) {
        case FlagKind::integer:
            return " int";
        case FlagKind::floating:
            return " float";
        case FlagKind::text:
            return " string";
        case FlagKind::boolean:
            return "";
    }
    return "";
}

bool default_is_zero(const Flag& f) {
    return f.default_value.empty() || f.default_value == "false" || f.default_value == "0";
}

// pflag's FlagUsages: flags sorted by name, the usage column aligned after the longest head.
std::string flag_usages(std::vector<const Flag*> flags, const Command& owner) {
    std::sort(flags.begin(), flags.end(), [](auto* a, auto* b) { return a->name < b->name; });
    std::vector<std::pair<std::string, std::string>> lines;
    std::size_t widest = 0;  // the longest head: every usage starts two columns after it
    for (const auto* f : flags) {
        // Appended piece by piece: `"x" + std::string&&` trips g++ 12's bogus -Wrestrict at
        // -O3 (cmake/SmpWarnings.cmake).
        std::string head;
        if (f->shorthand) {
            head = "  -";
            head += f->shorthand;
            head += ", --";
        } else {
            head = "      --";
        }
        head += f->name;
        head += type_word(*f);
        std::string usage = f->usage;
        if (f->name == "help")
            usage += " " + owner.name();
        if (!default_is_zero(*f))
            usage += f->kind == FlagKind::text ? " (default \"" + f->default_value + "\")"
                                               : " (default " + f->default_value + ")";
        widest = std::max(widest, head.size());
        lines.emplace_back(std::move(head), std::move(usage));
    }
    std::string out;
    for (const auto& [head, usage] : lines)
        out += head + std::string(widest - head.size() + 3, ' ') + usage + "\n";
    return out;
}

std::string use_line(const Command& c) {
    std::string line = c.parent ? c.parent->path() + " " + c.use : c.use;
    if (line.find("[flags]") == std::string::npos)
        line += " [flags]";
    return line;
}

std::string command_list(const Command& c) {
    std::size_t pad = 11;  // cobra's minNamePadding
    for (const auto& child : c.children)
        pad = std::max(pad, child->name().size());
    std::string out = "\n\nAvailable Commands:";
    for (const auto& child : c.children) {
        auto name = child->name();
        out += "\n  " + name + std::string(pad - name.size(), ' ') + " " + child->short_help;
    }
    return out;
}

}  // namespace

std::string usage_text(const Command& c) {
    std::string out = "Usage:\n  " + use_line(c);
    if (!c.children.empty())
        out += "\n  " + c.path() + " [command]";
    if (!c.example.empty())
        out += "\n\nExamples:\n" + c.example;
    if (!c.children.empty())
        out += command_list(c);
    out += "\n\nFlags:\n" + trim_trailing(flag_usages(c.own_flags(), c));
    if (const auto inherited = c.inherited_flags(); !inherited.empty())
        out += "\n\nGlobal Flags:\n" + trim_trailing(flag_usages(inherited, c));
    if (!c.children.empty())
        out +=
            "\n\nUse \"" + c.path() + " [command] --help\" for more information about a command.";
    return out + "\n";
}

std::string help_text(const Command& c) {
    const auto& about = c.long_help.empty() ? c.short_help : c.long_help;
    std::string out;
    if (!about.empty())
        out = trim_trailing(about) + "\n\n";
    return out + usage_text(c);
}

}  // namespace mcumgr
