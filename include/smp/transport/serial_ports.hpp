#pragma once
// The serial ports of this machine and the USB devices behind them, read from Linux sysfs:
// /sys/class/tty/NAME/device leads to the port's device; a USB port's path goes up through
// the USB interface (bInterfaceNumber) to the USB device (idVendor, idProduct, serial,
// manufacturer, product). A production line picks a board by that identity, which stays put
// while /dev/ttyACM* numbers change with every plug.
//
//     for (const auto& port : smp::list_serial_ports())
//         if (port.usb && port.usb->vid == 0x2fe3) use(port.device);
//
// Only ports backed by a device are listed (no virtual consoles or PTYs), and no legacy
// 8250 placeholders (ttyS* on the "platform" bus that every PC kernel creates whether or not
// a UART is there). Nothing is opened: listing never disturbs a port in use. Other systems
// than Linux get an empty list.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace smp {

struct UsbPortInfo {
    std::uint16_t vid = 0;                           ///< idVendor
    std::uint16_t pid = 0;                           ///< idProduct
    std::string serial{};                            ///< iSerialNumber text, empty when none
    std::string manufacturer{};                      ///< iManufacturer text, empty when none
    std::string product{};                           ///< iProduct text, empty when none
    std::optional<std::uint8_t> interface_number{};  ///< bInterfaceNumber of the port's interface
    std::string location{};  ///< the USB device's bus path ("1-1.2"): the physical port
};

struct SerialPortInfo {
    std::string name{};                ///< "ttyACM0"
    std::string device{};              ///< "/dev/ttyACM0" (under ScanOptions::dev_root)
    std::string driver{};              ///< "cdc_acm", "ftdi_sio", ... when known
    std::optional<UsbPortInfo> usb{};  ///< set for USB ports
};

struct SerialPortScanOptions {
    /// Where sysfs is mounted; tests point this at a fake tree.
    std::filesystem::path sysfs_root = "/sys";
    /// Where the device nodes are; SerialPortInfo::device is dev_root / name.
    std::filesystem::path dev_root = "/dev";
};

/// Every serial port backed by a device, sorted by name. An unreadable or missing sysfs
/// gives an empty list (there is nothing to pick from), never an error.
std::vector<SerialPortInfo> list_serial_ports(const SerialPortScanOptions& options = {});

/// "2fe3:0100": the four-digit lower-case hex form tools print and users type.
std::string usb_id_string(std::uint16_t vid, std::uint16_t pid);

}  // namespace smp
