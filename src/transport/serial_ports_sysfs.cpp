// SPDX-License-Identifier: Apache-2.0
// Serial port enumeration from Linux sysfs (see serial_ports.hpp); every system but Windows
// builds it, and where there is no sysfs (macOS) it finds no ports.
#include <smp/transport/serial_ports.hpp>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <system_error>

namespace smp {

namespace {

namespace fs = std::filesystem;

// A sysfs attribute's first line, without the trailing newline and blanks; empty when the
// attribute is missing or unreadable (many descriptors are optional).
std::string read_attribute(const fs::path& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == '\n'))
        line.pop_back();
    return line;
}

std::optional<unsigned> parse_hex(const std::string& text) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
    if (ec != std::errc{} || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

// The last path component of what a sysfs link (driver, subsystem) points to.
std::string link_target_name(const fs::path& link) {
    std::error_code ec;
    const auto target = fs::canonical(link, ec);
    return ec ? std::string{} : target.filename().string();
}

bool is_within(const fs::path& path, const fs::path& root) {
    const auto rel = path.lexically_relative(root);
    return !rel.empty() && *rel.begin() != "..";
}

std::optional<UsbPortInfo> usb_info(const fs::path& usb_device,
                                    const std::optional<std::uint8_t>& interface_number) {
    const auto vid = parse_hex(read_attribute(usb_device / "idVendor"));
    const auto pid = parse_hex(read_attribute(usb_device / "idProduct"));
    if (!vid || !pid)
        return std::nullopt;
    UsbPortInfo usb;
    usb.vid = static_cast<std::uint16_t>(*vid);
    usb.pid = static_cast<std::uint16_t>(*pid);
    usb.serial = read_attribute(usb_device / "serial");
    usb.manufacturer = read_attribute(usb_device / "manufacturer");
    usb.product = read_attribute(usb_device / "product");
    usb.interface_number = interface_number;
    usb.location = usb_device.filename().string();
    return usb;
}

// Up from the port's device: a USB serial port sits below its interface (bInterfaceNumber),
// which sits below the USB device (idVendor). ftdi_sio and friends add a usb-serial level
// in between; cdc_acm hangs the tty straight off the interface.
std::optional<UsbPortInfo> find_usb(const fs::path& device, const fs::path& sysfs_root) {
    std::optional<std::uint8_t> interface_number;
    std::error_code ec;
    for (auto dir = device; is_within(dir, sysfs_root); dir = dir.parent_path()) {
        if (!interface_number && fs::exists(dir / "bInterfaceNumber", ec)) {
            if (const auto n = parse_hex(read_attribute(dir / "bInterfaceNumber")))
                interface_number = static_cast<std::uint8_t>(*n);
        }
        if (fs::exists(dir / "idVendor", ec))
            return usb_info(dir, interface_number);
    }
    return std::nullopt;
}

std::optional<SerialPortInfo> port_info(const fs::directory_entry& entry,
                                        const SerialPortScanOptions& options) {
    std::error_code ec;
    const auto device = fs::canonical(entry.path() / "device", ec);
    if (ec)
        return std::nullopt;  // a virtual tty (console, pty): no device behind it
    const auto subsystem = link_target_name(device / "subsystem");
    const auto driver = link_target_name(device / "driver");
    if (subsystem == "platform" && driver == "serial8250")
        return std::nullopt;  // the kernel's ttyS placeholders, present with no UART
    SerialPortInfo port;
    port.name = entry.path().filename().string();
    port.device = (options.dev_root / port.name).string();
    port.driver = driver;
    const auto root = fs::canonical(options.sysfs_root, ec);
    port.usb = find_usb(device, ec ? options.sysfs_root : root);
    return port;
}

}  // namespace

std::vector<SerialPortInfo> list_serial_ports(const SerialPortScanOptions& options) {
    std::vector<SerialPortInfo> ports;
    std::error_code ec;
    fs::directory_iterator it(options.sysfs_root / "class" / "tty", ec);
    if (ec)
        return ports;
    for (const auto& entry : it)
        if (auto port = port_info(entry, options))
            ports.push_back(std::move(*port));
    std::sort(ports.begin(), ports.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    return ports;
}

}  // namespace smp
