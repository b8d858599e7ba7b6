// SPDX-License-Identifier: Apache-2.0
#pragma once
// The serial ports of this machine and the USB devices behind them. A production line picks a
// board by that identity, which stays put while /dev/ttyACM* and COM numbers change.
//
//     for (const auto& port : smp::list_serial_ports())
//         if (port.usb && port.usb->vid == 0x2fe3) use(port.device);
//
// Nothing is opened: listing never disturbs a port in use. Where the list comes from:
//
// - Linux: sysfs. /sys/class/tty/NAME/device leads to the port's device; a USB port's path
//   goes up through the USB interface (bInterfaceNumber) to the USB device (idVendor,
//   idProduct, serial, manufacturer, product). Only ports backed by a device are listed (no
//   virtual consoles or PTYs), and no legacy 8250 placeholders (ttyS* on the "platform" bus
//   that every PC kernel creates whether or not a UART is there).
// - Windows: SetupAPI, the present devices of the Ports class and of the COM port interface.
//   name and device are "COM3" (what serial://COM3 takes). The USB identity comes from the
//   device instance IDs of the port and its parents (USB\VID_2FE3&PID_0100&MI_00\...,
//   FTDIBUS\VID_0403+PID_6001+...): serial is the one in the USB device's ID (Windows makes
//   one up, and then none is reported, for a device without iSerialNumber), interface_number
//   is set for an interface of a composite device (MI_nn) or an FTDI port, manufacturer is
//   the driver package's (SPDRP_MFG: "Microsoft" for usbser.sys, not iManufacturer), product
//   the bus-reported description (iProduct) or else the device description, location the
//   USB device's location information ("Port_#0002.Hub_#0003").
// - Other systems (macOS for now): an empty list.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace smp {

/// The USB device behind a serial port (from its USB descriptors).
struct UsbPortInfo {
    std::uint16_t vid = 0;                           ///< idVendor
    std::uint16_t pid = 0;                           ///< idProduct
    std::string serial{};                            ///< iSerialNumber text, empty when none
    std::string manufacturer{};                      ///< iManufacturer text, empty when none
    std::string product{};                           ///< iProduct text, empty when none
    std::optional<std::uint8_t> interface_number{};  ///< bInterfaceNumber of the port's interface
    std::string location{};  ///< the physical port: "1-1.2" (Linux), "Port_#0002.Hub_#0003"
};

/// One serial port found by list_serial_ports().
struct SerialPortInfo {
    std::string name{};                ///< "ttyACM0"; Windows: "COM3"
    std::string device{};              ///< "/dev/ttyACM0" (under ScanOptions::dev_root); "COM3"
    std::string driver{};              ///< "cdc_acm", "ftdi_sio"; Windows: "usbser", ...
    std::optional<UsbPortInfo> usb{};  ///< set for USB ports
};

/// Linux only (the other listings ignore them).
struct SerialPortScanOptions {
    /// Where sysfs is mounted; tests point this at a fake tree.
    std::filesystem::path sysfs_root = "/sys";
    /// Where the device nodes are; SerialPortInfo::device is dev_root / name.
    std::filesystem::path dev_root = "/dev";
};

/// Every serial port backed by a device, sorted by name (Windows: by port number). An
/// unreadable or missing sysfs, or a failing SetupAPI query, gives an empty list (there is
/// nothing to pick from), never an error.
std::vector<SerialPortInfo> list_serial_ports(const SerialPortScanOptions& options = {});

/// "2fe3:0100": the four-digit lower-case hex form tools print and users type.
std::string usb_id_string(std::uint16_t vid, std::uint16_t pid);

}  // namespace smp
