// SPDX-License-Identifier: Apache-2.0
#pragma once
// The BLE test rig: a private dbus-daemon standing in for the system bus, and the fake BlueZ
// on it. The bus address goes into DBUS_SYSTEM_BUS_ADDRESS of this process (and so of the
// children), which is where sd-bus, and therefore the BLE transport, looks for the system bus.
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

namespace smp_ble_test {

/// A child process whose stdout is read line by line; SIGTERM and reaped on destruction.
class Child {
  public:
    explicit Child(std::vector<std::string> argv) {
        int out[2];
        if (::pipe2(out, O_CLOEXEC) != 0)
            throw std::runtime_error("pipe");
        pid_ = ::fork();
        if (pid_ == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // no orphans when a test is killed
            ::dup2(out[1], STDOUT_FILENO);
            std::vector<char*> args;
            for (auto& a : argv)
                args.push_back(a.data());
            args.push_back(nullptr);
            ::execv(args[0], args.data());
            ::_exit(127);
        }
        ::close(out[1]);
        stdout_ = ::fdopen(out[0], "r");
    }
    ~Child() { stop(); }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    /// The next stdout line without its newline; throws when the child exits first.
    std::string read_line(const char* what) {
        char line[1024];
        if (std::fgets(line, sizeof line, stdout_) == nullptr)
            throw std::runtime_error(std::string(what) + " exited before it was ready");
        std::string text(line);
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
            text.pop_back();
        return text;
    }

    /// SIGTERM and wait; the exit status (0 = clean).
    int stop() {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            int status = 0;
            ::waitpid(pid_, &status, 0);
            pid_ = -1;
            status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        if (stdout_ != nullptr)
            std::fclose(stdout_);
        stdout_ = nullptr;
        return status_;
    }

  private:
    pid_t pid_ = -1;
    std::FILE* stdout_ = nullptr;
    int status_ = -1;
};

/// `dbus-daemon` on a private socket with an allow-everything policy (private-bus.conf).
class PrivateBus {
  public:
    PrivateBus()
        : daemon_({"/usr/bin/dbus-daemon", "--nofork", "--print-address=1",
                   std::string("--config-file=") + SMP_DBUS_CONFIG}),
          address_(daemon_.read_line("dbus-daemon")) {
        ::setenv("DBUS_SYSTEM_BUS_ADDRESS", address_.c_str(), 1);
    }
    ~PrivateBus() { ::unsetenv("DBUS_SYSTEM_BUS_ADDRESS"); }
    const std::string& address() const noexcept { return address_; }

  private:
    Child daemon_;
    std::string address_;
};

/// The fake BlueZ (tests/ble/fake_bluez) on the private bus, ready once org.bluez is owned.
class FakeBluezProcess {
  public:
    explicit FakeBluezProcess(std::vector<std::string> args) : process_(argv(std::move(args))) {
        ready = nlohmann::json::parse(process_.read_line("fake_bluez"));
    }
    int stop() { return process_.stop(); }

    nlohmann::json ready;

  private:
    static std::vector<std::string> argv(std::vector<std::string> args) {
        args.insert(args.begin(), FAKE_BLUEZ_PATH);
        return args;
    }
    Child process_;
};

/// A bus and a fake BlueZ with `args` (--mtu, --conn-interval-ms, --drop-after, ...).
struct BleRig {
    explicit BleRig(std::vector<std::string> args = {}) : bluez(std::move(args)) {}
    PrivateBus bus;
    FakeBluezProcess bluez;
};

}  // namespace smp_ble_test
