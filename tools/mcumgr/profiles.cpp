// SPDX-License-Identifier: Apache-2.0
// ~/.mcumgr.cp.json, read and written the way newtmgr/config/connprofile.go does.
#include "profiles.hpp"

#include "command.hpp"
#include "go_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace mcumgr {

namespace {

const std::vector<std::string> conn_types{"serial",  "oic_serial", "ble",     "oic_ble",  "bhd",
                                          "oic_bhd", "udp",        "oic_udp", "oic_mtech"};

}  // namespace

bool is_conn_type(const std::string& type) {
    return std::find(conn_types.begin(), conn_types.end(), type) != conn_types.end();
}

std::string ProfileStore::file_name() {
    const char* home = std::getenv("HOME");
    return std::string(home ? home : "") + "/.mcumgr.cp.json";
}

ProfileStore ProfileStore::load() {
    ProfileStore store;
    const auto name = file_name();
    std::error_code missing;
    if (!std::filesystem::exists(name, missing))
        return store;  // no profiles yet
    std::ifstream in(name, std::ios::binary);
    if (!in)
        throw UsageError("open " + name + ": " + go_errno_text(errno));
    std::stringstream text;
    text << in.rdbuf();
    try {
        for (const auto& item : nlohmann::json::parse(text.str())) {
            ConnProfile p{item.value("MyName", ""), item.value("MyType", ""),
                          item.value("MyConnString", "")};
            // The Go tool reads an unknown type as "none", shown as ???.
            if (!is_conn_type(p.type))
                p.type = "???";
            store.profiles_[p.name] = p;
        }
    } catch (const nlohmann::json::exception& e) {
        throw UsageError("error reading connection profile config (" + name + "): " + e.what());
    }
    return store;
}

const ConnProfile* ProfileStore::find(const std::string& name) const {
    const auto it = profiles_.find(name);
    return it == profiles_.end() ? nullptr : &it->second;
}

std::vector<ConnProfile> ProfileStore::sorted() const {
    std::vector<ConnProfile> list;
    for (const auto& [name, p] : profiles_)
        list.push_back(p);
    return list;
}

void ProfileStore::add(ConnProfile profile) {
    profiles_[profile.name] = profile;
    save();
}

void ProfileStore::remove(const std::string& name) {
    if (profiles_.erase(name) == 0)
        throw UsageError("connection profile \"" + name + "\" doesn't exist");
    save();
}

void ProfileStore::save() const {
    auto list = nlohmann::ordered_json::array();
    for (const auto& p : sorted())
        list.push_back({{"MyName", p.name}, {"MyType", p.type}, {"MyConnString", p.conn_string}});
    const auto name = file_name();
    std::ofstream out(name, std::ios::binary | std::ios::trunc);
    out << list.dump(4);
    if (!out)
        throw UsageError("open " + name + ": " + go_errno_text(errno));
}

}  // namespace mcumgr
