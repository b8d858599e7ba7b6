// SPDX-License-Identifier: Apache-2.0
// USB identities from Windows device instance IDs (see transport/usb_instance_id.hpp).
#include "transport/usb_instance_id.hpp"

#include <cctype>
#include <charconv>

namespace smp::detail {

namespace {

using Kind = UsbInstanceId::Kind;

bool iequal(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::toupper(static_cast<unsigned char>(a[i])) !=
            std::toupper(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

// "VID_2FE3" with prefix "VID_" and 4 digits: the value; the IDs always pad to that width.
std::optional<unsigned> hex_field(std::string_view token, std::string_view prefix,
                                  std::size_t digits) {
    if (token.size() != prefix.size() + digits || !iequal(token.substr(0, prefix.size()), prefix))
        return std::nullopt;
    const auto hex = token.substr(prefix.size());
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), value, 16);
    if (ec != std::errc{} || end != hex.data() + hex.size())
        return std::nullopt;
    return value;
}

// Windows puts the device's iSerialNumber in the instance part; for a device without one (or
// with characters an ID may not hold) it generates "5&2F7E9B1&0&2" from the hub and port,
// which always contains '&'. That one names a USB port, not a board: no serial then.
std::string real_serial(std::string_view instance) {
    return instance.find('&') == std::string_view::npos ? std::string(instance) : std::string{};
}

// The pieces of "VID_2FE3&PID_0100&MI_00" (or FTDI's "VID_0403+PID_6001+TOKEN"), split at
// `separator`; tokens that are none of VID_, PID_, MI_ (REV_xxxx in hardware IDs) are skipped,
// except FTDI's third, which is its serial token.
struct HardwarePart {
    std::optional<unsigned> vid, pid, interface_number;
    std::string_view other{};  ///< the last unrecognised token
};

HardwarePart split_hardware_part(std::string_view text, char separator) {
    HardwarePart part;
    while (!text.empty()) {
        const auto end = text.find(separator);
        const auto token = text.substr(0, end);
        if (const auto v = hex_field(token, "VID_", 4))
            part.vid = v;
        else if (const auto p = hex_field(token, "PID_", 4))
            part.pid = p;
        else if (const auto mi = hex_field(token, "MI_", 2))
            part.interface_number = mi;
        else
            part.other = token;
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    }
    return part;
}

std::optional<UsbInstanceId> parse_usb(std::string_view hardware, std::string_view instance) {
    const auto part = split_hardware_part(hardware, '&');
    if (!part.vid || !part.pid)
        return std::nullopt;  // a root hub or host controller (USB\ROOT_HUB30\...)
    UsbInstanceId id;
    id.vid = static_cast<std::uint16_t>(*part.vid);
    id.pid = static_cast<std::uint16_t>(*part.pid);
    if (part.interface_number) {
        id.kind = Kind::usb_interface;
        id.interface_number = static_cast<std::uint8_t>(*part.interface_number);
        return id;  // the instance part of an interface is always generated
    }
    id.serial = real_serial(instance);
    return id;
}

std::optional<UsbInstanceId> parse_ftdi(std::string_view hardware) {
    const auto part = split_hardware_part(hardware, '+');
    if (!part.vid || !part.pid)
        return std::nullopt;
    UsbInstanceId id;
    id.kind = Kind::ftdi_port;
    id.vid = static_cast<std::uint16_t>(*part.vid);
    id.pid = static_cast<std::uint16_t>(*part.pid);
    id.serial = real_serial(part.other);
    return id;
}

// FTDI's token is the device's serial number with the port letter appended (A for a
// single-port chip, A/B/... on an FT2232/FT4232). With the USB device's serial at hand the
// letter is certain: strip it, and it gives the interface number as Linux reports it.
// Without it the token stays whole (as pyserial reports it): a serial may end in a letter.
void apply_ftdi_token(UsbPortInfo& usb, const std::string& token, const std::string& serial) {
    const bool lettered = !serial.empty() && token.size() == serial.size() + 1 &&
                          token.starts_with(serial) && token.back() >= 'A' && token.back() <= 'Z';
    usb.serial = serial.empty() ? token : serial;
    if (lettered && !usb.interface_number)
        usb.interface_number = static_cast<std::uint8_t>(token.back() - 'A');
}

}  // namespace

std::optional<UsbInstanceId> parse_usb_instance_id(std::string_view id) {
    const auto first = id.find('\\');
    if (first == std::string_view::npos)
        return std::nullopt;
    const auto enumerator = id.substr(0, first);
    const auto rest = id.substr(first + 1);
    const auto second = rest.find('\\');
    const auto hardware = rest.substr(0, second);
    const auto instance =
        second == std::string_view::npos ? std::string_view{} : rest.substr(second + 1);
    if (iequal(enumerator, "USB"))
        return parse_usb(hardware, instance);
    if (iequal(enumerator, "FTDIBUS"))
        return parse_ftdi(hardware);
    return std::nullopt;
}

std::optional<UsbPortIdentity> usb_identity_from_chain(const std::vector<std::string>& chain) {
    const auto port = chain.empty() ? std::nullopt : parse_usb_instance_id(chain.front());
    if (!port)
        return std::nullopt;
    UsbPortIdentity identity;
    identity.usb.vid = port->vid;
    identity.usb.pid = port->pid;
    identity.usb.interface_number = port->interface_number;
    // A single-function device (CP210x, CH340) is the port's own node: its one interface is
    // number 0, which Linux reports as bInterfaceNumber, so ?iface=0 picks it on both.
    if (port->kind == Kind::usb_device)
        identity.usb.interface_number = 0;
    std::string device_serial;
    // Up to the nearest USB device node: the port's own device, unless its VID:PID differs
    // (then it is a hub above a driver that named the port otherwise; it tells nothing).
    for (std::size_t i = 0; i < chain.size(); ++i) {
        const auto node = i == 0 ? port : parse_usb_instance_id(chain[i]);
        if (!node || node->kind == Kind::ftdi_port)
            continue;
        const bool same = node->vid == port->vid && node->pid == port->pid;
        if (node->kind == Kind::usb_interface && same && !identity.usb.interface_number)
            identity.usb.interface_number = node->interface_number;
        if (node->kind != Kind::usb_device)
            continue;
        if (same) {
            identity.device_node = i;
            device_serial = node->serial;
        }
        break;
    }
    if (port->kind == Kind::ftdi_port)
        apply_ftdi_token(identity.usb, port->serial, device_serial);
    else
        identity.usb.serial = device_serial;
    return identity;
}

}  // namespace smp::detail
