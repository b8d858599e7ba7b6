// SPDX-License-Identifier: Apache-2.0
// USB identities from Windows device instance IDs, with IDs as Device Manager shows them.
#include "transport/usb_instance_id.hpp"

#include <gtest/gtest.h>

namespace {

using smp::detail::parse_usb_instance_id;
using smp::detail::usb_identity_from_chain;
using Kind = smp::detail::UsbInstanceId::Kind;

TEST(UsbInstanceId, CompositeInterfaceHasItsInterfaceNumberAndNoSerial) {
    const auto id = parse_usb_instance_id(R"(USB\VID_2FE3&PID_0100&MI_02\6&1A2B3C4D&0&0002)");
    ASSERT_TRUE(id);
    EXPECT_EQ(id->kind, Kind::usb_interface);
    EXPECT_EQ(id->vid, 0x2fe3);
    EXPECT_EQ(id->pid, 0x0100);
    EXPECT_EQ(id->interface_number, 2);
    EXPECT_EQ(id->serial, "");
}

TEST(UsbInstanceId, DeviceCarriesItsSerialNumber) {
    const auto id = parse_usb_instance_id(R"(USB\VID_10C4&PID_EA60\0001)");
    ASSERT_TRUE(id);
    EXPECT_EQ(id->kind, Kind::usb_device);
    EXPECT_EQ(id->vid, 0x10c4);
    EXPECT_EQ(id->pid, 0xea60);
    EXPECT_FALSE(id->interface_number);
    EXPECT_EQ(id->serial, "0001");
}

TEST(UsbInstanceId, GeneratedInstancePartIsNoSerial) {
    // A CH340 has no iSerialNumber: Windows names the instance after hub and port.
    const auto id = parse_usb_instance_id(R"(USB\VID_1A86&PID_7523\5&2F7E9B1&0&2)");
    ASSERT_TRUE(id);
    EXPECT_EQ(id->vid, 0x1a86);
    EXPECT_EQ(id->pid, 0x7523);
    EXPECT_EQ(id->serial, "");
}

TEST(UsbInstanceId, InterfaceNumberIsHex) {
    const auto id = parse_usb_instance_id(R"(USB\VID_2FE3&PID_0100&MI_0A\6&1&0&000A)");
    ASSERT_TRUE(id);
    EXPECT_EQ(id->interface_number, 10);
}

TEST(UsbInstanceId, HardwareIdWithRevisionParses) {
    const auto id = parse_usb_instance_id(R"(USB\VID_1366&PID_1015&REV_0100&MI_00)");
    ASSERT_TRUE(id);
    EXPECT_EQ(id->vid, 0x1366);
    EXPECT_EQ(id->pid, 0x1015);
    EXPECT_EQ(id->interface_number, 0);
}

TEST(UsbInstanceId, CaseDoesNotMatter) {
    const auto id = parse_usb_instance_id(R"(usb\vid_2fe3&pid_0100\abc123)");
    ASSERT_TRUE(id);
    EXPECT_EQ(id->vid, 0x2fe3);
    EXPECT_EQ(id->serial, "abc123");
}

TEST(UsbInstanceId, FtdiBusTokenIsKeptWhole) {
    const auto id = parse_usb_instance_id(R"(FTDIBUS\VID_0403+PID_6001+A50285BIA\0000)");
    ASSERT_TRUE(id);
    EXPECT_EQ(id->kind, Kind::ftdi_port);
    EXPECT_EQ(id->vid, 0x0403);
    EXPECT_EQ(id->pid, 0x6001);
    EXPECT_EQ(id->serial, "A50285BIA");
}

TEST(UsbInstanceId, OtherBusesAndMalformedIdsAreNotUsb) {
    for (const char* text : {R"(ACPI\PNP0501\1)", R"(USB\ROOT_HUB30\4&2A7B1C3&0&0)",
                             R"(BTHENUM\{00001101-0000-1000-8000-00805F9B34FB}_LOCALMFG&0002\7&1)",
                             R"(USB\VID_2FE3&PID_01\X)", R"(USB\VID_ZZZZ&PID_0100\X)",
                             R"(USB\PID_0100\X)", "USB", "", R"(FTDIBUS\COMPORT&VID_0403)"})
        EXPECT_FALSE(parse_usb_instance_id(text)) << text;
}

TEST(UsbIdentityFromChain, ZephyrCdcAcmInterfaceTakesTheSerialOfItsDevice) {
    const auto identity = usb_identity_from_chain(
        {R"(USB\VID_2FE3&PID_0100&MI_00\6&1A2B3C4D&0&0000)",
         R"(USB\VID_2FE3&PID_0100\A1B2C3D4E5F60718)", R"(USB\ROOT_HUB30\4&2A7B1C3&0&0)",
         R"(PCI\VEN_8086&DEV_A36D&SUBSYS_0)"});
    ASSERT_TRUE(identity);
    EXPECT_EQ(identity->usb.vid, 0x2fe3);
    EXPECT_EQ(identity->usb.pid, 0x0100);
    EXPECT_EQ(identity->usb.serial, "A1B2C3D4E5F60718");
    EXPECT_EQ(identity->usb.interface_number, 0);
    EXPECT_EQ(identity->device_node, 1U);
}

TEST(UsbIdentityFromChain, JLinkSecondPortIsInterfaceTwo) {
    // The nRF52840 DK's J-Link OB: two CDC ACM ports on interfaces 0 and 2.
    const auto identity =
        usb_identity_from_chain({R"(USB\VID_1366&PID_1015&MI_02\7&3A1B2C4D&0&0002)",
                                 R"(USB\VID_1366&PID_1015\000683123456)"});
    ASSERT_TRUE(identity);
    EXPECT_EQ(identity->usb.vid, 0x1366);
    EXPECT_EQ(identity->usb.pid, 0x1015);
    EXPECT_EQ(identity->usb.serial, "000683123456");
    EXPECT_EQ(identity->usb.interface_number, 2);
}

TEST(UsbIdentityFromChain, SingleFunctionDeviceIsItsOwnDeviceNode) {
    const auto identity = usb_identity_from_chain(
        {R"(USB\VID_10C4&PID_EA60\0001)", R"(USB\VID_05E3&PID_0610\5&1A&0&3)"});
    ASSERT_TRUE(identity);
    EXPECT_EQ(identity->usb.serial, "0001");
    // Windows names no interface there; its one interface is 0, as Linux reports it.
    EXPECT_EQ(identity->usb.interface_number, 0);
    EXPECT_EQ(identity->device_node, 0U);
}

TEST(UsbIdentityFromChain, DeviceWithoutSerialHasNone) {
    const auto identity = usb_identity_from_chain({R"(USB\VID_1A86&PID_7523\5&2F7E9B1&0&2)"});
    ASSERT_TRUE(identity);
    EXPECT_EQ(identity->usb.vid, 0x1a86);
    EXPECT_EQ(identity->usb.serial, "");
}

TEST(UsbIdentityFromChain, FtdiPortLetterIsStrippedWhenTheDeviceConfirmsIt) {
    const auto identity = usb_identity_from_chain(
        {R"(FTDIBUS\VID_0403+PID_6001+A50285BIA\0000)", R"(USB\VID_0403&PID_6001\A50285BI)"});
    ASSERT_TRUE(identity);
    EXPECT_EQ(identity->usb.vid, 0x0403);
    EXPECT_EQ(identity->usb.pid, 0x6001);
    EXPECT_EQ(identity->usb.serial, "A50285BI");
    EXPECT_EQ(identity->usb.interface_number, 0);
    EXPECT_EQ(identity->device_node, 1U);
}

TEST(UsbIdentityFromChain, FtdiSecondPortBelowACompositeInterface) {
    const auto identity = usb_identity_from_chain({R"(FTDIBUS\VID_0403+PID_6010+FT4ABCDEB\0000)",
                                                   R"(USB\VID_0403&PID_6010&MI_01\6&2C&0&0001)",
                                                   R"(USB\VID_0403&PID_6010\FT4ABCDE)"});
    ASSERT_TRUE(identity);
    EXPECT_EQ(identity->usb.serial, "FT4ABCDE");
    EXPECT_EQ(identity->usb.interface_number, 1);
    EXPECT_EQ(identity->device_node, 2U);
}

TEST(UsbIdentityFromChain, FtdiTokenStaysWholeWithoutItsDevice) {
    const auto identity = usb_identity_from_chain({R"(FTDIBUS\VID_0403+PID_6001+A50285BIA\0000)"});
    ASSERT_TRUE(identity);
    EXPECT_EQ(identity->usb.serial, "A50285BIA");
    EXPECT_FALSE(identity->usb.interface_number);
    EXPECT_FALSE(identity->device_node);
}

TEST(UsbIdentityFromChain, SerialIsNotTakenFromADifferentDevice) {
    const auto identity = usb_identity_from_chain(
        {R"(USB\VID_2FE3&PID_0100&MI_00\6&1&0&0000)", R"(USB\VID_05E3&PID_0610\HUBSERIAL)"});
    ASSERT_TRUE(identity);
    EXPECT_EQ(identity->usb.serial, "");
    EXPECT_FALSE(identity->device_node);
}

TEST(UsbIdentityFromChain, BluetoothPortBelowAUsbRadioIsNotUsb) {
    EXPECT_FALSE(usb_identity_from_chain(
        {R"(BTHENUM\{00001101-0000-1000-8000-00805F9B34FB}_LOCALMFG&0002\7&2D&0&0)",
         R"(BTH\MS_BTHBRB\6&1F&0&1)", R"(USB\VID_8087&PID_0026\5&3A&0&10)"}));
    EXPECT_FALSE(usb_identity_from_chain({R"(ACPI\PNP0501\1)"}));
    EXPECT_FALSE(usb_identity_from_chain({}));
}

}  // namespace
