// SPDX-License-Identifier: Apache-2.0
// Opening the connection, and the Go tool's error texts for what goes wrong.
#include "session.hpp"

#include "connection.hpp"
#include "go_text.hpp"
#include "profiles.hpp"

#include <smp/client/connection_uri.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <iostream>

namespace mcumgr {

namespace {

// The Go tool opens the port first and reports "open DEV: REASON"; our transport would say
// it in other words, so the port is tried here.
void check_serial_device(const std::string& dev) {
    const int fd = ::open(dev.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        throw UsageError("open " + dev + ": " + go_errno_text(errno));
    ::close(fd);
}

// Client notes (fallbacks, dropped answers) are shown with -l debug only: the Go tool's
// output has no such lines, and scripts read it.
bool debug_logging(const Invocation& invocation) {
    auto level = invocation.text("loglevel");
    for (auto& c : level)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return level == "debug" || level == "trace";
}

smp::BlockingClient::TransportFactory transport_factory(const Invocation& invocation) {
    const auto profile = selected_profile(invocation, ProfileStore::load());
    const auto uri_text = connection_uri(profile, invocation);
    if (profile.type == "serial")
        check_serial_device(serial_device(profile));
    auto uri = smp::parse_connection_uri(uri_text);
    if (!uri)
        throw UsageError(uri.error().detail);
    auto factory = smp::make_transport_factory(*uri);
    if (!factory)
        throw UsageError(factory.error().detail);
    return std::move(*factory);
}

}  // namespace

smp::ClientOptions Session::client_options() const {
    smp::ClientOptions options;
    options.timeout = timeout();
    // -r counts every try, the first included; ours counts the repeats.
    const long tries = invocation_.integer("tries");
    options.retries = tries > 1 ? static_cast<unsigned>(tries - 1) : 0;
    // The Go tool speaks SMP version 1, so the device's error numbers are the ones it printed.
    options.version = smp::Version::v1;
    const bool debug = debug_logging(invocation_);
    options.log = [debug](std::string_view line) {
        if (debug)
            std::cerr << line << "\n";
    };
    return options;
}

std::chrono::milliseconds Session::timeout() const {
    return std::chrono::milliseconds(static_cast<long>(invocation_.number("timeout") * 1000.0));
}

smp::BlockingClient& Session::client() {
    if (client_)
        return *client_;
    const auto factory = transport_factory(invocation_);
    client_ = std::make_unique<smp::BlockingClient>(factory, client_options());
    if (auto status = client_->connect(); !status)
        fail(status.error());
    return *client_;
}

void Session::fail(const smp::Error& error) {
    if (error.device) {
        const auto& d = *error.device;
        // A v2 group error is reported as Zephyr reports it to a v1 client.
        throw DeviceRc(d.group ? static_cast<std::int64_t>(smp::v1_rc_for_group_error(
                                     *d.group, static_cast<std::uint16_t>(d.rc)))
                               : d.rc);
    }
    if (error.code == smp::Errc::timeout)
        throw UsageError("NMP timeout");
    throw UsageError(error.message());
}

}  // namespace mcumgr
