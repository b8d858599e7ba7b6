// SPDX-License-Identifier: Apache-2.0
// Windows COM port names, as connection URIs and the Windows serial transport take them.
#include "transport/com_port_name.hpp"

#include <gtest/gtest.h>

namespace {

using smp::detail::parse_com_port_name;
using smp::detail::win32_device_path;

TEST(ComPortName, AnyCaseAndAnyNumberFromOne) {
    EXPECT_EQ(parse_com_port_name("COM3"), "COM3");
    EXPECT_EQ(parse_com_port_name("com3"), "COM3");
    EXPECT_EQ(parse_com_port_name("Com12"), "COM12");
    EXPECT_EQ(parse_com_port_name("COM256"), "COM256");
}

TEST(ComPortName, DeviceNamespaceFormIsTheSamePort) {
    EXPECT_EQ(parse_com_port_name(R"(\\.\COM12)"), "COM12");
    EXPECT_EQ(parse_com_port_name(R"(\\.\com1)"), "COM1");
}

TEST(ComPortName, EverythingElseIsNotAComPort) {
    for (const char* text :
         {"COM", "COM0", "COM03", "COM3:", "COM3x", "COMX", "COM-1", "COM 3", "/dev/ttyACM0",
          "/COM3", "LPT1", R"(\\.\)", R"(\\?\COM3)", "COM1234567", ""})
        EXPECT_FALSE(parse_com_port_name(text)) << text;
}

TEST(Win32DevicePath, ComPortsOpenInTheDeviceNamespace) {
    EXPECT_EQ(win32_device_path("COM3"), R"(\\.\COM3)");
    EXPECT_EQ(win32_device_path("com10"), R"(\\.\COM10)");
    EXPECT_EQ(win32_device_path(R"(\\.\COM12)"), R"(\\.\COM12)");
}

TEST(Win32DevicePath, OtherNamesAreLeftAlone) {
    EXPECT_EQ(win32_device_path("/dev/ttyACM0"), "/dev/ttyACM0");
    EXPECT_EQ(win32_device_path(R"(\\.\CNCA0)"), R"(\\.\CNCA0)");
}

}  // namespace
