// SPDX-License-Identifier: Apache-2.0
#pragma once
// What every command gets: the global options, the output rules, and a client that
// connects on first use (so offline commands never touch a device).
#include "output.hpp"
#include "uri.hpp"

#include <smp/client/blocking_client.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace smpctl {

struct GlobalOptions {
    std::vector<std::string> conns{};     ///< --conn (repeatable) or SMP_CONN, then --conn-file's
    std::string conn_file{};              ///< --conn-file: one URI a line, # comments
    std::string conn{};                   ///< the one device, when exactly one URI is given
    std::size_t parallel = 16;            ///< --parallel: devices worked on at once
    double timeout_s = 3.0;               ///< --timeout, per request attempt
    unsigned retries = 2;                 ///< --retries
    std::optional<std::size_t> window{};  ///< --window
    int verbose = 0;                      ///< -v count
    bool quiet = false;                   ///< -q
    bool json = false;                    ///< --json
};

class Context {
  public:
    GlobalOptions options{};
    Output out{};

    /// Applies the options to the output rules and reads --conn-file (after parsing).
    void finish_options();
    /// The connected client. Throws ToolError (usage without --conn, transport, timeout).
    smp::BlockingClient& client();
    /// Connects a fresh client (e.g. after the device reset). Same errors as client().
    smp::BlockingClient& reconnect();
    /// The URI text, for messages.
    const std::string& conn() const { return options.conn; }
    std::chrono::milliseconds timeout() const;

  private:
    std::unique_ptr<smp::BlockingClient> client_{};
};

}  // namespace smpctl
