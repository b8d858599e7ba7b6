// SPDX-License-Identifier: Apache-2.0
// What the serial port listings of every system share (see serial_ports.hpp); the listings
// are serial_ports_sysfs.cpp and serial_ports_windows.cpp.
#include <smp/transport/serial_ports.hpp>

#include <cstdio>

namespace smp {

std::string usb_id_string(std::uint16_t vid, std::uint16_t pid) {
    char text[10];
    std::snprintf(text, sizeof text, "%04x:%04x", vid, pid);
    return text;
}

}  // namespace smp
