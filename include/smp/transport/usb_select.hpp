// SPDX-License-Identifier: Apache-2.0
#pragma once
// Picking serial ports by USB identity (serial://usb/VID:PID?serial=S&iface=N): the ports of
// this machine (smp::list_serial_ports, with SMP_SYSFS_ROOT and SMP_DEV_ROOT naming other
// roots for tests on Linux), which of them a selector names, and how a port is described in
// lists and error messages. Shared by connection URIs (smp/client/connection_uri.hpp), smpctl
// and the Python package. Linux and Windows only for now: elsewhere (macOS) find_usb_ports
// throws UsbSelectionUnsupported, until list_serial_ports learns the USB identities there.
#include <smp/transport/serial_ports.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace smp {

/// Picks USB serial ports by USB identity; a field left empty matches any value.
struct UsbSelector {
    std::optional<std::uint16_t> vid{};              ///< none: any USB serial port
    std::optional<std::uint16_t> pid{};              ///< product id; none: any
    std::optional<std::string> serial{};             ///< USB serial number text; none: any
    std::optional<std::uint8_t> interface_number{};  ///< the port's USB interface; none: any

    /// True when `port` is a USB port whose identity matches every field given.
    bool matches(const SerialPortInfo& port) const;
    /// "usb 2fe3:0100 serial=A1 iface=0", for messages.
    std::string describe() const;
};

/// No serial port matches a UsbSelector; the message lists the USB serial ports there are.
class PortNotFound : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Selection by USB identity needs the USB identities of the ports, which list_serial_ports
/// knows on Linux (sysfs) and Windows (SetupAPI) only.
class UsbSelectionUnsupported : public PortNotFound {
  public:
    using PortNotFound::PortNotFound;
};

#if defined(__linux__) || defined(_WIN32)
/// True where find_usb_ports can select by USB identity (Linux, Windows).
inline constexpr bool usb_port_selection_supported = true;
#else
/// True where find_usb_ports can select by USB identity (Linux, Windows).
inline constexpr bool usb_port_selection_supported = false;
#endif

/// The machine's serial ports; SMP_SYSFS_ROOT and SMP_DEV_ROOT replace /sys and /dev.
std::vector<SerialPortInfo> scan_serial_ports();

/// The ports `selector` names, in name order. Throws PortNotFound when none does, and
/// UsbSelectionUnsupported (a PortNotFound) where usb_port_selection_supported is false.
std::vector<SerialPortInfo> find_usb_ports(const UsbSelector& selector);

/// One line: "/dev/ttyACM0  2fe3:0100  serial A1  iface 0  ZEPHYR USB-DEV".
std::string describe_port(const SerialPortInfo& port);

/// The URI that names this port alone, for candidate lists ("serial://usb/2fe3:0100?...").
std::string usb_uri_for(const SerialPortInfo& port);

}  // namespace smp
