// SPDX-License-Identifier: Apache-2.0
// Many devices at once (see fleet.hpp).
#include "fleet.hpp"

#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>
#include <asio/this_coro.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <memory>

namespace smpctl {

namespace {

using Clock = std::chrono::steady_clock;

smp::ClientOptions client_options(const Context& ctx, DeviceLine& line) {
    smp::ClientOptions options;
    options.timeout = ctx.timeout();
    options.retries = ctx.options.retries;
    options.log = [&line](smp::LogLevel level, std::string_view text) { line.log(level, text); };
    return options;
}

// Serial console text of this device, on stderr with -v (as for one device).
ConsoleSink console_of(DeviceLine& line) {
    return [&line](std::string_view text) {
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
            text.remove_suffix(1);
        if (!text.empty())
            line.debug(fmt::format("console: {}", text));
    };
}

asio::awaitable<void> connect_and_run(const Context& ctx, const ConnectionUri& uri,
                                      const DeviceJob& job, DeviceRecord& record,
                                      DeviceLine& line) {
    const auto factory = make_factory(uri, console_of(line));
    const auto ex = co_await asio::this_coro::executor;
    smp::Client client(ex, factory(ex), client_options(ctx, line));
    // Separate statements: no temporary lives across a co_await (see the g++ 12 note in
    // smp/client/client.hpp).
    auto connected = co_await client.connect();
    const auto what = fmt::format("cannot talk to the device at {}", uri.text);
    take(std::move(connected), what);
    co_await job(client, record, line);
    client.close();
}

// The first line of a message: the table has one row a device; --json keeps it whole.
std::string_view first_line(std::string_view text) {
    return text.substr(0, text.find('\n'));
}

asio::awaitable<void> run_device(const Context& ctx, const ConnectionUri& uri, const DeviceJob& job,
                                 DeviceRecord& record) {
    DeviceLine line(ctx.out, record.device);
    const auto start = Clock::now();
    // Exceptions are caught here, never in a co_await: one device's failure is its record.
    std::exception_ptr failure;
    try {
        co_await connect_and_run(ctx, uri, job, record, line);
    } catch (...) {
        failure = std::current_exception();
    }
    record.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    try {
        if (failure)
            std::rethrow_exception(failure);
        if (record.result.empty())
            record.result = "ok";
        line.info(fmt::format("{} in {:.1f} s", record.result, record.seconds));
    } catch (const ToolError& e) {
        record.result = "failed";
        record.code = e.code();
        record.error = e.what();
    } catch (const std::exception& e) {
        record.result = "failed";
        record.code = ExitCode::failure;
        record.error = e.what();
    }
    if (failure)
        line.info(fmt::format("failed (exit {}): {}", static_cast<int>(record.code),
                              first_line(record.error)));
}

// One of --parallel workers: takes the next device until none is left.
asio::awaitable<void> worker(const Context& ctx, const std::vector<ConnectionUri>& targets,
                             const DeviceJob& job, std::vector<DeviceRecord>& records,
                             std::size_t& next) {
    while (next < targets.size()) {
        const auto i = next++;
        co_await run_device(ctx, targets[i], job, records[i]);
    }
}

}  // namespace

std::vector<ConnectionUri> fleet_targets(const Context& ctx) {
    std::vector<ConnectionUri> targets;
    for (const auto& text : ctx.options.conns)
        for (auto& uri : expand_usb_uri(parse_uri(text)))
            targets.push_back(std::move(uri));
    return targets;
}

std::vector<DeviceRecord> run_fleet(const Context& ctx, const std::vector<ConnectionUri>& targets,
                                    const DeviceJob& job) {
    std::vector<DeviceRecord> records(targets.size());
    for (std::size_t i = 0; i < targets.size(); ++i)
        records[i].device = targets[i].text;
    asio::io_context io;
    std::size_t next = 0;
    const auto workers = std::min(ctx.options.parallel, targets.size());
    for (std::size_t w = 0; w < workers; ++w)
        asio::co_spawn(io, worker(ctx, targets, job, records, next), [](std::exception_ptr e) {
            if (e)
                std::rethrow_exception(e);  // a bug: run_device catches what devices throw
        });
    io.run();
    return records;
}

}  // namespace smpctl
