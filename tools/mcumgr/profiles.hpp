// SPDX-License-Identifier: Apache-2.0
#pragma once
// Connection profiles in the Go tool's own file, ~/.mcumgr.cp.json (a JSON list of
// {"MyName", "MyType", "MyConnString"}, sorted by name, indented four spaces), so that
// profiles made by either tool work in the other.
#include <map>
#include <string>
#include <vector>

namespace mcumgr {

/// The connection types the Go tool names (newtmgr/config/connprofile.go).
bool is_conn_type(const std::string& type);

struct ConnProfile {
    std::string name{};
    std::string type{};  ///< "serial", "udp", "ble", ...; "???" for an unknown type in the file
    std::string conn_string{};
};

class ProfileStore {
  public:
    /// Reads the file (a missing file is an empty store). Throws UsageError as the Go tool
    /// words it: "error reading connection profile config (FILE): ...".
    static ProfileStore load();
    /// The store's file: $HOME/.mcumgr.cp.json.
    static std::string file_name();

    const ConnProfile* find(const std::string& name) const;
    std::vector<ConnProfile> sorted() const;
    void add(ConnProfile profile);         ///< replaces a profile of that name; saves
    void remove(const std::string& name);  ///< throws UsageError when it does not exist; saves

  private:
    void save() const;
    std::map<std::string, ConnProfile> profiles_{};
};

}  // namespace mcumgr
