// SPDX-License-Identifier: Apache-2.0
#pragma once
// The BlueZ side of the BLE transport (ble.cpp holds the SMP link over GATT): a system-bus
// connection run on the Asio loop, D-Bus calls with a deadline, an event the bus's signals
// wake waiters with, and discovery (the device by address or name, scanning when BlueZ does
// not know it yet; its SMP characteristic).
//
// Errors are asio::system_error: Errc::not_connected with BlueZ's own words when a call is
// refused or the device is not found, Errc::timeout when BlueZ does not answer. Before each
// wait the bus asks its owner whether the link still stands (LinkCheck), so a lost or closed
// link ends every call at once.
#include <smp/transport/ble.hpp>

#include <sdbus-c++/sdbus-c++.h>
#include <asio/any_io_executor.hpp>
#include <asio/awaitable.hpp>
#include <asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "transport/ble_dbus_loop.hpp"

namespace smp::transport::detail {

using DbusOptions = std::map<std::string, sdbus::Variant>;
using DbusInterfaces = std::map<std::string, DbusOptions>;
using DbusObjects = std::map<sdbus::ObjectPath, DbusInterfaces>;

inline constexpr const char* bluez_device_interface = "org.bluez.Device1";
inline constexpr const char* bluez_characteristic_interface = "org.bluez.GattCharacteristic1";
inline constexpr const char* dbus_properties_interface = "org.freedesktop.DBus.Properties";

std::optional<std::string> string_property(const DbusOptions& properties, const char* name);
bool bool_property(const DbusOptions& properties, const char* name);

/// Throws asio::system_error(code, what).
[[noreturn]] void ble_fail(Errc code, const std::string& what);

class BluezBus {
  public:
    /// Throws when the link is gone; `during` names the D-Bus method waiting, or is empty for
    /// any other wait.
    using LinkCheck = std::function<void(std::string_view during)>;
    using Fill = std::function<void(sdbus::MethodCall&)>;

    BluezBus(asio::any_io_executor executor, BleOptions options, LinkCheck check_link,
             std::function<void(std::string)> on_bus_lost);
    ~BluezBus();

    bool started() const noexcept { return bus_ != nullptr; }
    /// Connects to the system bus. Throws Errc::not_connected when it cannot.
    void start();
    /// Gives up the connection, its proxies and the owner's `proxies` of it, on a later turn
    /// of the loop (this may run inside one of the connection's callbacks).
    void retire(std::vector<std::unique_ptr<sdbus::IProxy>> proxies);

    std::unique_ptr<sdbus::IProxy> proxy(const sdbus::ObjectPath& path);
    /// Processes what our own calls queued (see DbusAsioLoop::kick).
    void kick();

    /// An async D-Bus call that ends by `timeout`, whatever happens to the reply.
    asio::awaitable<sdbus::MethodReply> call(
        sdbus::IProxy& proxy, const char* interface, const char* method, const Fill& fill = {},
        std::chrono::microseconds timeout = std::chrono::seconds(25));
    asio::awaitable<DbusObjects> managed_objects();

    /// The device the options name, scanning for up to scan_timeout when BlueZ has not seen it.
    asio::awaitable<sdbus::ObjectPath> find_device();
    /// The device's GATT characteristic with this UUID (lower case), if it has one.
    asio::awaitable<std::optional<sdbus::ObjectPath>> find_characteristic(
        const sdbus::ObjectPath& device, std::string_view uuid);

    /// Waits until wake() or the deadline.
    asio::awaitable<void> wait_event(std::chrono::steady_clock::time_point deadline =
                                         std::chrono::steady_clock::time_point::max());
    void wake();
    /// Waits until `ready` or the timeout (false); checks the link before each wait.
    asio::awaitable<bool> wait_for(const std::function<bool()>& ready,
                                   std::chrono::milliseconds timeout);

    /// "ble://NAME-or-ADDRESS", for messages.
    std::string address() const;

  private:
    bool matches(const DbusOptions& device) const;

    asio::any_io_executor executor_;
    BleOptions options_;
    LinkCheck check_link_;
    std::function<void(std::string)> on_bus_lost_;
    asio::steady_timer event_;  ///< a condition variable: wake() cancels every wait on it
    // Destroyed in reverse: proxies, then the loop, then the bus they use.
    std::unique_ptr<sdbus::IConnection> bus_;
    std::unique_ptr<DbusAsioLoop> loop_;
    std::unique_ptr<sdbus::IProxy> root_;
    std::unique_ptr<sdbus::IProxy> adapter_;
    std::optional<sdbus::ObjectPath> found_{};
};

}  // namespace smp::transport::detail
