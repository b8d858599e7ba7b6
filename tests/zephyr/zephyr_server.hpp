// SPDX-License-Identifier: Apache-2.0
#pragma once
// One real Zephyr/MCUboot SMP server as a separate process, for the tests of tests/zephyr/:
// its files are copied into a private temporary directory (checked against SHA256SUMS), it is
// started there (native_sim under qemu-i386, mps2 under qemu-system-arm with its UART on a
// free TCP port), its output goes to a log file in that directory, and it is always stopped
// by its PID (SIGTERM, then SIGKILL if it lingers).
#include "fixture_catalog.hpp"

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "support/child_process.hpp"

namespace smp_zephyr {

/// How a client reaches the server.
struct Endpoint {
    enum class Kind { pty, tcp, udp };
    Kind kind = Kind::pty;
    std::string address{};  ///< the PTY path, or the host of a TCP or UDP endpoint
    std::uint16_t port = 0;
};

class ZephyrServer {
  public:
    /// Starts the fixture and waits until it is reachable (its PTY or UDP socket announced,
    /// its TCP UART accepting). Errors: FixtureUnavailable, std::runtime_error with the
    /// server's output when it exits or stays silent past `ready_timeout`.
    explicit ZephyrServer(const FixtureSpec& spec,
                          std::chrono::seconds ready_timeout = std::chrono::seconds(30));
    ~ZephyrServer();
    ZephyrServer(const ZephyrServer&) = delete;
    ZephyrServer& operator=(const ZephyrServer&) = delete;

    const FixtureSpec& spec() const { return spec_; }
    const Endpoint& endpoint() const { return endpoint_; }
    pid_t pid() const { return process_ ? process_->pid() : -1; }
    const std::filesystem::path& workdir() const { return workdir_; }

    /// What the server printed so far, without ANSI colours.
    std::string output() const;

    /// SIGTERM, up to 5 s for the process to end, then SIGKILL. Idempotent.
    void stop();

  private:
    void launch(const std::string& command_line);
    void wait_until_reachable(std::chrono::seconds timeout);
    bool reachable();
    [[noreturn]] void fail(const std::string& what);

    FixtureSpec spec_;
    std::filesystem::path workdir_{};
    Endpoint endpoint_{};
    std::unique_ptr<smp::test::ChildProcess> process_{};
};

/// A TCP port on 127.0.0.1 that nothing listens on now (for QEMU's UART socket).
std::uint16_t free_tcp_port();

}  // namespace smp_zephyr
