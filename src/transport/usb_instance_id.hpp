// SPDX-License-Identifier: Apache-2.0
#pragma once
// The USB identity of a Windows serial port, read from device instance IDs: the strings
// Device Manager shows under "Device instance path". Portable string code, so the Linux unit
// tests cover it with recorded IDs; serial_ports_windows.cpp feeds it the IDs of a port's
// device node and of its ancestors.
//
//     USB\VID_2FE3&PID_0100&MI_00\6&1A2B3C4D&0&0000   interface 0 of a composite device
//     USB\VID_2FE3&PID_0100\A1B2C3                     the device itself: serial A1B2C3
//     USB\VID_1A86&PID_7523\5&2F7E9B1&0&2              no iSerialNumber: Windows made one up
//     FTDIBUS\VID_0403+PID_6001+A50285BIA\0000         FTDI's driver: serial A50285BI, port A
#include <smp/transport/serial_ports.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smp::detail {

/// What one instance ID says.
struct UsbInstanceId {
    enum class Kind : std::uint8_t {
        usb_device,     ///< USB\VID_v&PID_p\INSTANCE: a whole USB device
        usb_interface,  ///< USB\VID_v&PID_p&MI_nn\INSTANCE: one interface of a composite device
        ftdi_port,      ///< FTDIBUS\VID_v+PID_p+TOKEN\INSTANCE: a port of FTDI's bus driver
    };
    Kind kind = Kind::usb_device;
    std::uint16_t vid = 0;
    std::uint16_t pid = 0;
    std::optional<std::uint8_t> interface_number{};  ///< MI_nn (hex), interfaces only
    /// A device: its iSerialNumber, empty when Windows generated the instance part (it has
    /// '&' then). FTDI: the token after the PID (the serial number and a port letter).
    std::string serial{};
};

/// Parses a USB or FTDIBUS instance ID (hardware IDs, with a REV_ part, parse too);
/// case-insensitive, as Windows compares them. Anything else (ACPI\PNP0501\1, BTHENUM\...,
/// USB\ROOT_HUB30\...) gives nullopt.
std::optional<UsbInstanceId> parse_usb_instance_id(std::string_view id);

/// A port's USB identity and which node of the chain is the USB device.
struct UsbPortIdentity {
    UsbPortInfo usb{};  ///< vid, pid, serial, interface_number (the strings are not in IDs)
    std::optional<std::size_t> device_node{};  ///< index in the chain of the USB device
};

/// The identity of the port whose device node has instance ID chain[0]; chain[1...] are its
/// ancestors, nearest first. Only a port whose own node is USB or FTDIBUS is a USB port
/// (a Bluetooth serial port sits below a USB radio, and is not one). The serial number comes
/// from the nearest USB device node with the same VID:PID (an interface's ID has none); the
/// interface number from the nearest MI_nn, 0 for a single-function device (its only
/// interface, as on Linux), or for FTDI from the port letter when the token is that device's
/// serial number plus A, B, ... (A is interface 0, as on Linux).
std::optional<UsbPortIdentity> usb_identity_from_chain(const std::vector<std::string>& chain);

}  // namespace smp::detail
