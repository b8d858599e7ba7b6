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

namespace smpctl {

struct GlobalOptions {
    std::string conn{};                   ///< --conn or SMP_CONN
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

    /// Applies the options to the output rules (after parsing).
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
