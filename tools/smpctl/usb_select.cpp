// Serial ports by USB identity (see usb_select.hpp).
#include "usb_select.hpp"

#include "exit_codes.hpp"

#include <fmt/format.h>

#include <cstdlib>

namespace smpctl {

namespace {

std::string env_or(const char* name, const char* fallback) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' ? value : fallback;
}

std::string candidate_list(const std::vector<smp::SerialPortInfo>& ports) {
    std::string text;
    for (const auto& port : ports)
        if (port.usb)
            text += fmt::format("\n  {}\n      {}", describe_port(port), usb_uri_for(port));
    return text.empty() ? "\n  (no USB serial port is present)" : text;
}

}  // namespace

bool UsbSelector::matches(const smp::SerialPortInfo& port) const {
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
        text +=
            pid ? fmt::format(" {}", smp::usb_id_string(*vid, *pid)) : fmt::format(" {:04x}", *vid);
    if (serial)
        text += fmt::format(" serial={}", *serial);
    if (interface_number)
        text += fmt::format(" iface={}", *interface_number);
    return text;
}

std::vector<smp::SerialPortInfo> serial_ports() {
    smp::SerialPortScanOptions options;
    options.sysfs_root = env_or("SMP_SYSFS_ROOT", "/sys");
    options.dev_root = env_or("SMP_DEV_ROOT", "/dev");
    return smp::list_serial_ports(options);
}

std::vector<smp::SerialPortInfo> find_usb_ports(const UsbSelector& selector) {
    const auto ports = serial_ports();
    std::vector<smp::SerialPortInfo> found;
    for (const auto& port : ports)
        if (selector.matches(port))
            found.push_back(port);
    if (found.empty())
        throw ToolError(ExitCode::transport,
                        fmt::format("no serial port matches {}; the USB serial ports here are:{}",
                                    selector.describe(), candidate_list(ports)));
    return found;
}

std::string describe_port(const smp::SerialPortInfo& port) {
    if (!port.usb)
        return fmt::format("{}  (not USB{})", port.device,
                           port.driver.empty() ? "" : ", driver " + port.driver);
    const auto& usb = *port.usb;
    std::string text = fmt::format("{}  {}", port.device, smp::usb_id_string(usb.vid, usb.pid));
    if (!usb.serial.empty())
        text += "  serial " + usb.serial;
    if (usb.interface_number)
        text += fmt::format("  iface {}", *usb.interface_number);
    for (const auto* s : {&usb.manufacturer, &usb.product})
        if (!s->empty())
            text += "  " + *s;
    return text;
}

std::string usb_uri_for(const smp::SerialPortInfo& port) {
    if (!port.usb)
        return "serial://" + port.device;
    const auto& usb = *port.usb;
    // fmt rather than "literal" + string: g++ 12 -O3 warns falsely there (-Wrestrict).
    auto uri = fmt::format("serial://usb/{}", smp::usb_id_string(usb.vid, usb.pid));
    const char* sep = "?";
    if (!usb.serial.empty()) {
        uri += fmt::format("{}serial={}", sep, usb.serial);
        sep = "&";
    }
    if (usb.interface_number)
        uri += fmt::format("{}iface={}", sep, *usb.interface_number);
    return uri;
}

}  // namespace smpctl
