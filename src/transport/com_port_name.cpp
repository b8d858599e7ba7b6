// SPDX-License-Identifier: Apache-2.0
// Windows COM port names (see transport/com_port_name.hpp).
#include "transport/com_port_name.hpp"

#include <cctype>

namespace smp::detail {

namespace {

constexpr std::string_view device_namespace = "\\\\.\\";  // \\.\ (the Win32 device namespace)

// The port number: digits only, no leading zero, so "COM03" and "COM3" do not both name
// COM3 (Windows would not open the former). Six digits is more than any port number.
bool is_port_number(std::string_view digits) {
    if (digits.empty() || digits.size() > 6 || digits.front() == '0')
        return false;
    for (const char c : digits)
        if (std::isdigit(static_cast<unsigned char>(c)) == 0)
            return false;
    return true;
}

bool starts_with_com(std::string_view text) {
    return text.size() >= 3 && std::toupper(static_cast<unsigned char>(text[0])) == 'C' &&
           std::toupper(static_cast<unsigned char>(text[1])) == 'O' &&
           std::toupper(static_cast<unsigned char>(text[2])) == 'M';
}

}  // namespace

std::optional<std::string> parse_com_port_name(std::string_view text) {
    if (text.starts_with(device_namespace))
        text.remove_prefix(device_namespace.size());
    if (!starts_with_com(text) || !is_port_number(text.substr(3)))
        return std::nullopt;
    return "COM" + std::string(text.substr(3));
}

std::string win32_device_path(std::string_view device) {
    const auto name = parse_com_port_name(device);
    return name ? std::string(device_namespace) + *name : std::string(device);
}

}  // namespace smp::detail
