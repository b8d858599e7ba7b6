// SPDX-License-Identifier: Apache-2.0
#pragma once
// Windows COM port names: what a connection URI may name (serial://COM3) and what CreateFile
// takes. Portable string code, so the Linux unit tests cover it; only Windows opens them.
#include <optional>
#include <string>
#include <string_view>

namespace smp::detail {

/// "COM3", "com3" or "\\.\COM12" as "COM3" / "COM12" (Windows names are case-insensitive;
/// the upper-case form is what Device Manager and `smpctl ports` show). Nothing else is a
/// COM port name: no "COM0", no leading zeros ("COM03"), no suffix ("COM3:"), no path.
std::optional<std::string> parse_com_port_name(std::string_view text);

/// The name to open: "\\.\COM12" for a COM port name. Only COM1 to COM9 are reserved DOS
/// device names; COM10 and up open only in the \\.\ device namespace, which also works for
/// COM1 to COM9, so every COM port goes there. Anything else is returned unchanged.
std::string win32_device_path(std::string_view device);

}  // namespace smp::detail
