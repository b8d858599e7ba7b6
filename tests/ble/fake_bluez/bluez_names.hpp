// SPDX-License-Identifier: Apache-2.0
#pragma once
// The BlueZ D-Bus names the fake's objects share (bluez_objects.cpp: adapter and device,
// bluez_gatt.cpp: the GATT service and characteristic), and BlueZ's error replies.
#include <sdbus-c++/sdbus-c++.h>

#include <string>

namespace fake_bluez {

inline constexpr const char* adapter_interface = "org.bluez.Adapter1";
inline constexpr const char* device_interface = "org.bluez.Device1";
inline constexpr const char* service_interface = "org.bluez.GattService1";
inline constexpr const char* characteristic_interface = "org.bluez.GattCharacteristic1";
inline constexpr const char* adapter_path = "/org/bluez/hci0";

/// Answers the D-Bus call with the error org.bluez.Error.<name>, as BlueZ does.
[[noreturn]] inline void fail(const std::string& name, const std::string& message) {
    throw sdbus::Error("org.bluez.Error." + name, message);
}

}  // namespace fake_bluez
