// SPDX-License-Identifier: Apache-2.0
// The command tree's lookups: names, paths and which flags a command sees.
#include "command.hpp"

#include <algorithm>

namespace mcumgr {

namespace {

// cobra adds -h/--help to every command; one definition serves them all (its usage names the
// command, so help_text.cpp words it).
const Flag help_flag{"help", 'h', FlagKind::boolean, "false", "help for"};

}  // namespace

std::string Invocation::text(const std::string& flag) const {
    const auto it = values.find(flag);
    return it == values.end() ? std::string{} : it->second;
}

bool Invocation::flag(const std::string& flag) const {
    return text(flag) == "true";
}

long Invocation::integer(const std::string& flag) const {
    return std::stol(text(flag), nullptr, 0);
}

double Invocation::number(const std::string& flag) const {
    return std::stod(text(flag));
}

std::string Command::name() const {
    return use.substr(0, use.find(' '));
}

std::string Command::path() const {
    return parent ? parent->path() + " " + name() : name();
}

Command& Command::add(std::unique_ptr<Command> child) {
    child->parent = this;
    children.push_back(std::move(child));
    // cobra lists (and matches) subcommands sorted by name.
    std::sort(children.begin(), children.end(),
              [](const auto& a, const auto& b) { return a->name() < b->name(); });
    return *this;
}

const Command* Command::child(const std::string& wanted) const {
    for (const auto& c : children)
        if (c->name() == wanted)
            return c.get();
    return nullptr;
}

std::vector<const Flag*> Command::own_flags() const {
    std::vector<const Flag*> flags;
    for (const auto& f : local_flags)
        flags.push_back(&f);
    for (const auto& f : persistent_flags)
        flags.push_back(&f);
    flags.push_back(&help_flag);
    return flags;
}

std::vector<const Flag*> Command::inherited_flags() const {
    std::vector<const Flag*> flags;
    for (const Command* p = parent; p; p = p->parent)
        for (const auto& f : p->persistent_flags)
            flags.push_back(&f);
    return flags;
}

std::vector<const Flag*> Command::all_flags() const {
    auto flags = own_flags();
    for (const auto* f : inherited_flags())
        flags.push_back(f);
    return flags;
}

}  // namespace mcumgr
