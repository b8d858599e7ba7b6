#pragma once
// Connection URIs: udp://HOST[:PORT], udp://[::1]:1337,
// serial:///dev/ttyACM0?baud=115200&flow=none&strategy=auto, serial-raw:///dev/ttyUSB0,
// tcp://HOST:PORT[?raw=1] (serial bytes over TCP), ble://NAME-or-ADDRESS, and a serial port
// named by USB identity: serial://usb/2fe3:0100?serial=A1&iface=0&baud=115200.
#include "usb_select.hpp"

#include <smp/client/blocking_client.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace smpctl {

struct ConnectionUri {
    std::string scheme{};                        ///< "udp", "serial", ...
    std::string host{};                          ///< udp/tcp host (brackets removed), ble target
    std::optional<std::uint16_t> port{};         ///< udp/tcp port when given
    std::string path{};                          ///< serial device path
    std::optional<UsbSelector> usb{};            ///< serial://usb/...: the path is looked up
    std::map<std::string, std::string> query{};  ///< ?key=value&...
    std::string text{};                          ///< the URI as given, for messages
};

/// Parses a URI. Throws ToolError(usage) naming what is wrong and the accepted forms.
ConnectionUri parse_uri(const std::string& text);

/// The URIs a USB selector names, one per matching port (path set, usb cleared): what a
/// command for several devices runs on. Any other URI is returned as is. Throws
/// ToolError(transport) when no port matches, listing the USB serial ports there are.
std::vector<ConnectionUri> expand_usb(const ConnectionUri& uri);

/// Where console text from a serial line goes (log lines between SMP frames).
using ConsoleSink = std::function<void(std::string_view)>;

/// The transport factory for a parsed URI. Throws ToolError(usage) for a bad or unknown
/// query option and ToolError(transport) for a scheme this build cannot speak (BLE without
/// sdbus-c++). A USB selector must name exactly one port: none is ToolError(transport), several
/// ToolError(usage), both listing the candidates. `on_console` gets serial console text (called on
/// the client's I/O thread).
smp::BlockingClient::TransportFactory make_transport_factory(const ConnectionUri& uri,
                                                             const ConsoleSink& on_console = {});

/// The accepted URI forms, for --help and error messages.
std::string_view uri_help();

}  // namespace smpctl
