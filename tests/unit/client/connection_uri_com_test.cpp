// SPDX-License-Identifier: Apache-2.0
// Connection URIs naming a Windows COM port (serial://COM3): parsed the same on every system,
// opened only on Windows.
#include <smp/client/connection_uri.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

// The UriError message of `f`, or "" when it throws none.
template <class F>
std::string uri_error(F&& f) {
    try {
        f();
    } catch (const smp::UriError& e) {
        return e.what();
    }
    return {};
}

TEST(ConnectionUriCom, ComPortKeepsItsQuery) {
    const auto uri = smp::parse_connection_uri("serial://COM3?baud=9600&flow=hardware&pace=9600");
    EXPECT_EQ(uri.scheme, "serial");
    EXPECT_EQ(uri.path, "COM3");
    EXPECT_FALSE(uri.usb);
    EXPECT_EQ(uri.query.at("baud"), "9600");
    EXPECT_EQ(uri.query.at("flow"), "hardware");
    EXPECT_EQ(uri.query.at("pace"), "9600");
}

TEST(ConnectionUriCom, AnyCaseAndTheDeviceNamespaceFormNameTheSamePort) {
    EXPECT_EQ(smp::parse_connection_uri("serial://com12").path, "COM12");
    EXPECT_EQ(smp::parse_connection_uri(R"(serial://\\.\COM12?baud=115200)").path, "COM12");
}

TEST(ConnectionUriCom, RawFramingTakesComPortsToo) {
    const auto uri = smp::parse_connection_uri("serial-raw://COM7?strategy=buffer-size=512");
    EXPECT_EQ(uri.scheme, "serial-raw");
    EXPECT_EQ(uri.path, "COM7");
    EXPECT_EQ(uri.query.at("strategy"), "buffer-size=512");
}

TEST(ConnectionUriCom, TripleSlashComPortSaysHowToWriteIt) {
    const auto message = uri_error([] { smp::parse_connection_uri("serial:///COM3"); });
    EXPECT_NE(message.find("a COM port is written serial://COM3"), std::string::npos) << message;
}

TEST(ConnectionUriCom, NeitherPathNorComPortIsAnError) {
    for (const char* text : {"serial://ttyACM0", "serial://COM0", "serial://COM3:", "serial://"}) {
        const auto message = uri_error([&] { smp::parse_connection_uri(text); });
        EXPECT_NE(message.find("a COM port (serial://COM3, on Windows)"), std::string::npos)
            << text << ": " << message;
    }
}

TEST(ConnectionUriCom, DevicePathsAreUnchanged) {
    EXPECT_EQ(smp::parse_connection_uri("serial:///dev/ttyACM0?baud=115200").path, "/dev/ttyACM0");
    EXPECT_EQ(smp::parse_connection_uri("serial-raw:///dev/COM3").path, "/dev/COM3");
}

TEST(ConnectionUriCom, UnknownOptionIsReportedForComPortsToo) {
    const auto uri = smp::parse_connection_uri("serial://COM3?baudrate=9600");
    const auto message = uri_error([&] { smp::make_transport_factory(uri); });
    EXPECT_NE(message.find("unknown option \"baudrate\""), std::string::npos) << message;
}

#ifdef _WIN32
TEST(ConnectionUriCom, ComPortMakesAFactoryOnWindows) {
    EXPECT_TRUE(smp::make_transport_factory(smp::parse_connection_uri("serial://COM3?baud=9600")));
}
#else
TEST(ConnectionUriCom, ComPortIsRefusedElsewhereThanWindows) {
    for (const char* text : {"serial://COM3", "serial-raw://com4?baud=9600"}) {
        const auto uri = smp::parse_connection_uri(text);
        const auto message = uri_error([&] { smp::make_transport_factory(uri); });
        EXPECT_NE(message.find("COM ports exist on Windows only"), std::string::npos)
            << text << ": " << message;
    }
}
#endif

TEST(ConnectionUriCom, PortWithoutUsbIdentityIsNamedByAUriThatParsesBack) {
    smp::SerialPortInfo port;
    port.name = "COM1";
    port.device = "COM1";
    const auto uri = smp::usb_uri_for(port);
    EXPECT_EQ(uri, "serial://COM1");
    EXPECT_EQ(smp::parse_connection_uri(uri).path, "COM1");
}

TEST(ConnectionUriCom, HelpNamesTheComPortForms) {
    const std::string help(smp::connection_uri_help());
    EXPECT_NE(help.find("serial://COM3"), std::string::npos);
    EXPECT_NE(help.find("serial-raw://COM3"), std::string::npos);
}

}  // namespace
