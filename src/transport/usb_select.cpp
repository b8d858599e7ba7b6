// SPDX-License-Identifier: Apache-2.0
// Serial ports by USB identity (see smp/transport/usb_select.hpp).
#include <smp/transport/usb_select.hpp>

#include <cstdio>
#include <cstdlib>

namespace smp {

namespace {

std::string env_or(const char* name, const char* fallback) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' ? value : fallback;
}

std::string candidate_list(const std::vector<SerialPortInfo>& ports) {
    std::string text;
    for (const auto& port : ports)
        if (port.usb)
            text.append("\n  ")
                .append(describe_port(port))
                .append("\n      ")
                .append(usb_uri_for(port));
    return text.empty() ? "\n  (no USB serial port is present)" : text;
}

std::string hex4(std::uint16_t value) {
    char text[8];
    std::snprintf(text, sizeof text, "%04x", static_cast<unsigned>(value));
    return text;
}

}  // namespace

bool UsbSelector::matches(const SerialPortInfo& port) const {
    if (!port.usb)
        return false;
    const auto& usb = *port.usb;
    return (!vid || *vid == usb.vid) && (!pid || *pid == usb.pid) &&
           (!serial || *serial == usb.serial) &&
           (!interface_number || interface_number == usb.interface_number);
}

std::string UsbSelector::describe() const {
    std::string text = "usb";
    if (vid)
        text.append(" ").append(pid ? usb_id_string(*vid, *pid) : hex4(*vid));
    if (serial)
        text.append(" serial=").append(*serial);
    if (interface_number)
        text.append(" iface=").append(std::to_string(*interface_number));
    return text;
}

std::vector<SerialPortInfo> scan_serial_ports() {
    SerialPortScanOptions options;
    options.sysfs_root = env_or("SMP_SYSFS_ROOT", "/sys");
    options.dev_root = env_or("SMP_DEV_ROOT", "/dev");
    return list_serial_ports(options);
}

std::vector<SerialPortInfo> find_usb_ports(const UsbSelector& selector) {
    if constexpr (!usb_port_selection_supported)
        throw UsbSelectionUnsupported(
            "serial://usb/ port selection is available on Linux and Windows only for now; "
            "name the port (serial:///dev/cu.usbmodem...)");
    const auto ports = scan_serial_ports();
    std::vector<SerialPortInfo> found;
    for (const auto& port : ports)
        if (selector.matches(port))
            found.push_back(port);
    if (found.empty())
        throw PortNotFound(std::string("no serial port matches ")
                               .append(selector.describe())
                               .append("; the USB serial ports here are:")
                               .append(candidate_list(ports)));
    return found;
}

std::string describe_port(const SerialPortInfo& port) {
    std::string text = port.device;
    if (!port.usb) {
        text.append("  (not USB");
        if (!port.driver.empty())
            text.append(", driver ").append(port.driver);
        return text.append(")");
    }
    const auto& usb = *port.usb;
    text.append("  ").append(usb_id_string(usb.vid, usb.pid));
    if (!usb.serial.empty())
        text.append("  serial ").append(usb.serial);
    if (usb.interface_number)
        text.append("  iface ").append(std::to_string(*usb.interface_number));
    for (const auto* s : {&usb.manufacturer, &usb.product})
        if (!s->empty())
            text.append("  ").append(*s);
    return text;
}

std::string usb_uri_for(const SerialPortInfo& port) {
    // append() rather than "literal" + string: g++ 12 -O3 warns falsely there (-Wrestrict).
    std::string uri = "serial://";
    if (!port.usb)
        return uri.append(port.device);
    const auto& usb = *port.usb;
    uri.append("usb/").append(usb_id_string(usb.vid, usb.pid));
    const char* sep = "?";
    if (!usb.serial.empty()) {
        uri.append(sep).append("serial=").append(usb.serial);
        sep = "&";
    }
    if (usb.interface_number)
        uri.append(sep).append("iface=").append(std::to_string(*usb.interface_number));
    return uri;
}

}  // namespace smp
