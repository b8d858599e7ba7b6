// SPDX-License-Identifier: Apache-2.0
#pragma once
// The connection a command talks over: opened on first use from the command line's
// connection settings, with the Go tool's timeout (-t, seconds per request) and tries (-r),
// speaking SMP version 1 as the Go tool does (so device error numbers are the ones it
// printed). Failures become the Go tool's words.
#include "command.hpp"

#include <smp/client/blocking_client.hpp>

#include <chrono>
#include <exception>
#include <memory>
#include <string>

namespace mcumgr {

/// The device answered with a non-zero rc; most commands print "Error: RC" and exit 0.
class DeviceRc : public std::exception {
  public:
    explicit DeviceRc(std::int64_t rc) : rc_(rc) {}
    std::int64_t rc() const noexcept { return rc_; }
    const char* what() const noexcept override { return "device error"; }

  private:
    std::int64_t rc_;
};

class Session {
  public:
    explicit Session(const Invocation& invocation) : invocation_(invocation) {}

    /// The connected client; throws UsageError ("No connection type specified", "open DEV:
    /// no such file or directory", "NMP timeout", ...).
    smp::BlockingClient& client();
    /// -t in milliseconds.
    std::chrono::milliseconds timeout() const;

    /// A typed request: the response, DeviceRc for a device error, UsageError otherwise.
    template <class M>
    typename M::Response call(const M& message) {
        auto result = client().request(message);
        if (!result)
            fail(result.error());
        return std::move(*result);
    }

    /// Throws DeviceRc for a device error, UsageError (the Go tool's wording) otherwise.
    [[noreturn]] static void fail(const smp::Error& error);

  private:
    smp::ClientOptions client_options() const;

    const Invocation& invocation_;
    std::unique_ptr<smp::BlockingClient> client_{};
};

}  // namespace mcumgr
