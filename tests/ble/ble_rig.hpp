// SPDX-License-Identifier: Apache-2.0
#pragma once
// The BLE test rig: a private dbus-daemon standing in for the system bus, and the fake BlueZ
// on it. The bus address goes into DBUS_SYSTEM_BUS_ADDRESS of this process (and so of the
// children), which is where sd-bus, and therefore the BLE transport, looks for the system bus.
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <string>
#include <vector>

#include "support/child_process.hpp"

namespace smp_ble_test {

/// A child process whose stdout is read line by line (tests/support/child_process.hpp),
/// stopped when the test program dies; SIGTERM and reaped on destruction.
class Child : public smp::test::ChildProcess {
  public:
    explicit Child(std::vector<std::string> argv)
        : ChildProcess(std::move(argv), {.die_with_parent = true}) {}
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
