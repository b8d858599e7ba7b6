// SPDX-License-Identifier: Apache-2.0
// The Go tool's connection settings to our URIs (tools/mcumgr/connection.cpp), one case per
// connstring form and per error the Go tool words (newtmgr/config/serial_config.go,
// bll_config.go, net.SplitHostPort).
#include "connection.hpp"

#include <gtest/gtest.h>

namespace {

using namespace mcumgr;

Invocation flags(std::map<std::string, std::string> values) {
    Invocation i;
    i.values = {{"conn", ""},      {"conntype", ""}, {"connstring", ""},
                {"connextra", ""}, {"name", ""},     {"hci", "0"}};
    for (auto& [k, v] : values)
        i.values[k] = v;
    return i;
}

std::string uri_of(const std::string& type, const std::string& connstring,
                   std::map<std::string, std::string> more = {}) {
    more["conntype"] = type;
    more["connstring"] = connstring;
    const auto invocation = flags(more);
    return connection_uri(selected_profile(invocation, ProfileStore{}), invocation);
}

std::string error_of(const std::string& type, const std::string& connstring) {
    try {
        return "no error: " + uri_of(type, connstring);
    } catch (const UsageError& e) {
        return e.what();
    }
}

TEST(McumgrConnection, SerialBareDeviceAndKeyValueForms) {
    EXPECT_EQ(uri_of("serial", "/dev/ttyACM0"), "serial:///dev/ttyACM0?baud=115200");
    EXPECT_EQ(uri_of("serial", "dev=/dev/ttyUSB1,baud=1000000,mtu=512"),
              "serial:///dev/ttyUSB1?baud=1000000");
    EXPECT_EQ(uri_of("serial", "baud=9600,dev=/dev/ttyS0"), "serial:///dev/ttyS0?baud=9600");
}

TEST(McumgrConnection, SerialErrorsInTheGoToolsWords) {
    EXPECT_EQ(error_of("serial", "dev=/dev/x,baud=fast"),
              "Invalid serial connstring; Invalid baud: [fast]");
    EXPECT_EQ(error_of("serial", "dev=/dev/x,mtu=big"),
              "Invalid serial connstring; Invalid mtu: [big]");
    EXPECT_EQ(error_of("serial", "dev=/dev/x,parity=n"),
              "Invalid serial connstring; Unrecognized key: [parity]");
}

TEST(McumgrConnection, UdpHostPortIpv4AndIpv6) {
    EXPECT_EQ(uri_of("udp", "192.0.2.1:1337"), "udp://192.0.2.1:1337");
    EXPECT_EQ(uri_of("udp", "[::1]:1337"), "udp://[::1]:1337");
    EXPECT_EQ(uri_of("udp", "localhost:9000"), "udp://localhost:9000");
    EXPECT_EQ(error_of("udp", "192.0.2.1"), "address 192.0.2.1: missing port in address");
    EXPECT_EQ(error_of("udp", "[::1]"), "address [::1]: missing port in address");
    EXPECT_EQ(error_of("udp", "::1:1337"), "address ::1:1337: too many colons in address");
}

TEST(McumgrConnection, BlePeerNameOrIdAndTheNameAndHciFlags) {
    EXPECT_EQ(uri_of("ble", "peer_name=Zephyr"), "ble://Zephyr?adapter=hci0");
    EXPECT_EQ(uri_of("ble", "peer_id=C0:11:22:33:44:55,conn_timeout=5"),
              "ble://C0:11:22:33:44:55?adapter=hci0");
    EXPECT_EQ(uri_of("ble", "peer_id=C0:11:22:33:44:55", {{"name", "Other"}, {"hci", "1"}}),
              "ble://Other?adapter=hci1");
    EXPECT_EQ(error_of("ble", ""), "bll session lacks a peer specifier");
    EXPECT_EQ(error_of("ble", "Zephyr"),
              "Invalid BLE connstring; expected comma-separated key=value pairs; no '=' in: "
              "[Zephyr]");
    EXPECT_EQ(error_of("ble", "peer=x"), "Invalid BLE connstring; Unrecognized key: [peer]");
}

TEST(McumgrConnection, ProfileSelectionAndTypeErrors) {
    EXPECT_EQ(error_of("", "/dev/x"), "No connection type specified");
    EXPECT_EQ(error_of("usb", "/dev/x"), "invalid conntype: \"usb\"");
    EXPECT_EQ(error_of("oic_serial", "/dev/x"),
              "connection type oic_serial is not supported by this mcumgr (serial, udp and ble "
              "are)");
    EXPECT_EQ(uri_of("serial", "dev=/dev/x", {{"connextra", "baud=57600"}}),
              "serial:///dev/x?baud=57600");
    auto missing = flags({{"conn", "board"}});
    EXPECT_THROW(selected_profile(missing, ProfileStore{}), UsageError);
}

}  // namespace
