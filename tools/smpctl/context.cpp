// SPDX-License-Identifier: Apache-2.0
// The lazily connected client and option plumbing.
#include "context.hpp"

#include "conn_file.hpp"
#include "exit_codes.hpp"

#include <fmt/format.h>

namespace smpctl {

void Context::finish_options() {
    out.json = options.json;
    out.verbosity = options.quiet         ? Verbosity::quiet
                    : options.verbose > 1 ? Verbosity::debug
                    : options.verbose > 0 ? Verbosity::verbose
                                          : Verbosity::normal;
    if (!options.conn_file.empty())
        for (auto& uri : read_conn_file(options.conn_file))
            options.conns.push_back(std::move(uri));
    if (options.conns.size() == 1)
        options.conn = options.conns.front();
}

std::chrono::milliseconds Context::timeout() const {
    return std::chrono::milliseconds(static_cast<long>(options.timeout_s * 1000.0));
}

smp::BlockingClient& Context::client() {
    if (client_)
        return *client_;
    return reconnect();
}

smp::BlockingClient& Context::reconnect() {
    if (options.conns.size() > 1)
        throw ToolError(ExitCode::usage,
                        fmt::format("this command works on one device, and {} were given; "
                                    "upgrade, image upload and os echo take several",
                                    options.conns.size()));
    if (options.conn.empty())
        throw ToolError(
            ExitCode::usage,
            "no device given: pass --conn URI (e.g. --conn udp://192.0.2.1:1337) or set SMP_CONN; "
            "`smpctl --help` lists the URI forms");
    const auto uri = parse_uri(options.conn);
    // Console text never goes to stdout (it would break --json): stderr, with -v only.
    auto factory = make_factory(uri, [this](std::string_view text) {
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
            text.remove_suffix(1);
        if (!text.empty())
            out.debug(fmt::format("console: {}", text));
    });
    smp::ClientOptions client_options;
    client_options.timeout = timeout();
    client_options.retries = options.retries;
    client_options.log = [this](smp::LogLevel level, std::string_view line) {
        out.log(level, line);
    };
    client_.reset();
    client_ = std::make_unique<smp::BlockingClient>(std::move(factory), client_options);
    out.debug(fmt::format("connecting to {}", options.conn));
    take(client_->connect(), fmt::format("cannot talk to the device at {}", options.conn));
    const auto& params = client_->params();
    out.debug(fmt::format("device buf_size {} buf_count {} (from device: {}), window {}",
                          params.buf_size, params.buf_count, params.from_device, params.window));
    return *client_;
}

}  // namespace smpctl
