// SPDX-License-Identifier: Apache-2.0
#pragma once
// Connection URIs, the one way smpctl, the Python package and applications name a device:
// udp://HOST[:PORT], udp://[::1]:1337, dtls://HOST[:PORT]?ca=FILE (and PSK, fingerprint forms),
// serial:///dev/ttyACM0?baud=115200&flow=none&strategy=auto, serial-raw:///dev/ttyUSB0,
// serial://COM3?baud=115200 (Windows; any case, any number, \\.\COM12 too; parsed on every
// system, refused by make_transport_factory elsewhere),
// tcp://HOST:PORT[?raw=1] (serial bytes over TCP), ble://NAME-or-ADDRESS, and a serial port
// named by USB identity: serial://usb/2fe3:0100?serial=A1&iface=0&baud=115200.
//
//     auto uri = smp::parse_connection_uri("serial:///dev/ttyACM0?baud=115200").value();
//     smp::BlockingClient client(smp::make_transport_factory(uri).value());
//
// Errors are Results (value() throws smp::SystemError), never exceptions of their own.
#include <smp/client/blocking_client.hpp>
#include <smp/protocol/result.hpp>
#include <smp/transport/usb_select.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smp {

/// A parsed connection URI (udp://host:port, serial:///dev/ttyACM0, ble://..., ...): which
/// transport to make and its options (connection_uri_help() lists the forms).
struct ConnectionUri {
    std::string scheme{};                        ///< "udp", "serial", ...
    std::string host{};                          ///< udp/tcp host (brackets removed), ble target
    std::optional<std::uint16_t> port{};         ///< udp/tcp port when given
    std::string path{};                          ///< serial device path, or "COM3"
    std::optional<UsbSelector> usb{};            ///< serial://usb/...: the path is looked up
    std::map<std::string, std::string> query{};  ///< ?key=value&...
    std::string text{};                          ///< the URI as given, for messages
};

/// Parses a URI. A malformed URI, an unknown scheme or a bad value is Errc::invalid_argument,
/// its detail saying what is wrong and listing the accepted forms.
Result<ConnectionUri> parse_connection_uri(const std::string& text);

/// The URIs a USB selector names, one per matching port (path set, usb cleared): what a
/// command for several devices runs on. Any other URI is returned as is. When no port matches:
/// Errc::transport_error, the detail listing the USB serial ports there are.
Result<std::vector<ConnectionUri>> expand_usb(const ConnectionUri& uri);

/// Where console text from a serial line goes (log lines between SMP frames).
using ConsoleSink = std::function<void(std::string_view)>;

/// The transport factory for a parsed URI. Errors: Errc::invalid_argument for a bad or unknown
/// query option, a COM port other than on Windows, or a USB selector naming several ports;
/// Errc::transport_error when a USB selector names none; Errc::unsupported for a scheme this
/// build cannot speak (BLE without sdbus-c++, DTLS without OpenSSL). The detail says what is
/// wrong. `on_console` gets serial console text (called on the client's I/O thread).
Result<BlockingClient::TransportFactory> make_transport_factory(const ConnectionUri& uri,
                                                                const ConsoleSink& on_console = {});

/// The accepted URI forms, one or more lines each, for help texts and error messages.
std::string_view connection_uri_help();

}  // namespace smp
