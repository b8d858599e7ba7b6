// SPDX-License-Identifier: Apache-2.0
// echo, reset, datetime, taskstat, mpstat (newtmgr/cli/{echo,reset,datetime,taskstat,
// mpstat}.go): the os group, printed as the Go tool prints it.
#include "commands.hpp"
#include "session.hpp"

#include <smp/protocol/messages/os.hpp>

#include <fmt/format.h>

#include <ctime>
#include <iostream>

namespace mcumgr {

namespace {

void echo(const Invocation& invocation) {
    if (invocation.args.size() != 1)
        throw UsageError("", invocation.command);
    Session session(invocation);
    // The Go tool prints the answer without looking at rc: an error answer prints "".
    std::string answer;
    try {
        answer = session.call(smp::os::Echo{.d = invocation.args[0]}).r;
    } catch (const DeviceRc&) {
    }
    std::cout << answer << "\n";
}

void reset(const Invocation& invocation) {
    Session session(invocation);
    try {
        session.call(smp::os::Reset{});
    } catch (const DeviceRc&) {
        // The Go tool says Done whatever rc the device answers.
    }
    std::cout << "Done\n";
}

// Go's time.Now().Format(time.RFC3339): local time with its offset, "Z" for UTC.
std::string now_rfc3339() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    ::localtime_r(&now, &local);
    char text[64];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &local);
    const long offset = local.tm_gmtoff / 60;
    if (offset == 0)
        return std::string(text) + "Z";
    return fmt::format("{}{}{:02}:{:02}", text, offset < 0 ? '-' : '+', std::abs(offset) / 60,
                       std::abs(offset) % 60);
}

void datetime(const Invocation& invocation) {
    Session session(invocation);
    if (invocation.args.empty()) {
        std::string value;
        try {
            value = session.call(smp::os::DateTimeGet{}).datetime;
        } catch (const DeviceRc&) {
        }
        std::cout << "Datetime(RFC 3339 format): " << value << "\n";
        return;
    }
    auto value = invocation.args[0];
    if (value == "now") {
        value = now_rfc3339();
        std::cout << "Setting time to " << value << "\n";
    }
    session.call(smp::os::DateTimeSet{.datetime = value});
    std::cout << "Done\n";
}

void taskstat(const Invocation& invocation) {
    Session session(invocation);
    const auto r = session.call(smp::os::TaskStats{});
    fmt::print("  {:>8} {:>3} {:>3} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}\n", "task", "pri", "tid",
               "runtime", "csw", "stksz", "stkuse", "last_checkin", "next_checkin");
    for (const auto& [name, t] : r.tasks)
        fmt::print("  {:>8} {:>3} {:>3} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}\n", name, t.prio, t.tid,
                   t.runtime.value_or(0), t.cswcnt.value_or(0), t.stksiz.value_or(0),
                   t.stkuse.value_or(0), t.last_checkin.value_or(0), t.next_checkin.value_or(0));
}

void mpstat(const Invocation& invocation) {
    Session session(invocation);
    const auto r = session.call(smp::os::MemoryPoolStats{});
    fmt::print("{:>32} {:>5} {:>4} {:>4} {:>4}\n", "name", "blksz", "cnt", "free", "min");
    for (const auto& [name, p] : r.pools)
        fmt::print("{:>32} {:>5} {:>4} {:>4} {:>4}\n", name, p.blksiz, p.nblks, p.nfree,
                   p.min.value_or(0));
}

std::unique_ptr<Command> datetime_command() {
    auto c = make_command("datetime [rfc-3339-date-string] -c <conn_profile>",
                          "Manage datetime on a device", datetime);
    c->long_help =
        "Display or set datetime on a device. Specify a datetime-value\n"
        "to set the datetime on the device.\n\n"
        "Must specify datetime-value in RFC 3339 format, or use keyword 'now'.\n";
    c->example =
        "mcumgr datetime -c myserial\n"
        "mcumgr datetime 2016-03-02T22:44:00 -c myserial             (implicit UTC) \n"
        "mcumgr datetime 2016-03-02T22:44:00Z -c myserial            (explicit UTC)\n"
        "mcumgr datetime 2016-03-02T22:44:00-08:00 -c myserial       (PST)\n"
        "mcumgr datetime 2016-03-02T22:44:00.1 -c myserial           (fractional secs)\n"
        "mcumgr datetime 2016-03-02T22:44:00.101+05:30 -c myserial   (fractional secs + "
        "timezone)\n"
        "mcumgr datetime now -c myserial                             (current system time)\n";
    return c;
}

}  // namespace

void add_os_commands(Command& root) {
    root.add(make_command("echo <text> -c <conn_profile>",
                          "Send data to a device and display the echoed back data", echo));
    root.add(make_command("reset -c <conn_profile>", "Perform a soft reset of a device", reset));
    root.add(datetime_command());
    root.add(
        make_command("taskstat -c <conn_profile>", "Read task statistics from a device", taskstat));
    root.add(
        make_command("mpstat -c <conn_profile>", "Read mempool statistics from a device", mpstat));
}

}  // namespace mcumgr
