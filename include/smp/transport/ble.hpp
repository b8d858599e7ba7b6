// SPDX-License-Identifier: Apache-2.0
#pragma once
// SMP over Bluetooth LE on Linux: BlueZ over the system D-Bus (sdbus-c++), on the client's
// Asio executor (no second thread, no polling). Wire rules: shared/protocol.md §5.3.
//
// open() finds the device by address or advertised name (scanning up to scan_timeout when
// BlueZ does not know it yet), connects, waits for ServicesResolved, finds the SMP
// characteristic, and acquires a write socket and a notify socket from BlueZ (AcquireWrite /
// AcquireNotify, one ATT value per packet), falling back to WriteValue(type "command") and
// StartNotify + PropertiesChanged(Value). Requests are cut into writes of ATT_MTU - 3 bytes;
// notifications are reassembled by the SMP header's length (smp/protocol/ble/reassembly.hpp).
//
// Message size: a Zephyr device without CONFIG_MCUMGR_TRANSPORT_BT_REASSEMBLY (the Kconfig
// default) needs each request in ONE write, so the limit is min(ATT_MTU - 3, buf_size); with
// `reassembly` it is buf_size.
//
// Errors (the Results of the Transport interface): Errc::not_connected with the reason when the
// device is not found, the link drops (Connected false, socket closed) or BlueZ refuses a step (the
// D-Bus error name and message in the text); Errc::message_too_large for an oversize send. open()
// after a drop or close() connects again (the upgrade routine's reconnect). The system bus is the
// one in DBUS_SYSTEM_BUS_ADDRESS, else the standard socket.
#include <smp/transport/transport.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace smp {

/// Which BLE device to reach, and how (make_ble_transport()).
struct BleOptions {
    std::string address{};  ///< "C0:FF:EE:00:00:01" (any case); or empty and `name` set
    std::string name{};     ///< the advertised name (Name or Alias), used when no address
    /// The BlueZ adapter to use, as in its D-Bus path /org/bluez/hci0.
    std::string adapter = "hci0";
    /// How long open() scans for a device BlueZ does not know yet.
    std::chrono::milliseconds scan_timeout{10000};
    std::chrono::milliseconds connect_timeout{20000};  ///< Connect() up to ServicesResolved
    bool reassembly = false;  ///< the device joins writes (CONFIG_MCUMGR_TRANSPORT_BT_REASSEMBLY)
};

/// A BLE transport (BlueZ, Linux only); the device is found and connected by open().
std::unique_ptr<Transport> make_ble_transport(asio::any_io_executor executor, BleOptions options);

}  // namespace smp
