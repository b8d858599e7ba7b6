// SPDX-License-Identifier: Apache-2.0
// Connection URI syntax: SCHEME://TARGET?KEY=VALUE&..., the value parsers of options and the
// help text (smp/client/connection_uri.hpp). Which scheme makes which transport is
// connection_uri_factory.cpp.
#include <smp/client/connection_uri.hpp>

#include <algorithm>
#include <charconv>

#include "client/connection_uri_syntax.hpp"
#include "transport/com_port_name.hpp"

namespace smp {

namespace detail {

void bad_uri(const std::string& text, std::string_view why) {
    throw BadUri{cat("bad connection URI \"", text, "\": ", why, ".\n", connection_uri_help())};
}

std::uint16_t parse_port(const std::string& text, std::string_view port) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc{} || end != port.data() + port.size() || value == 0 || value > 65535)
        bad_uri(text, cat("port \"", port, "\" is not a number from 1 to 65535"));
    return static_cast<std::uint16_t>(value);
}

std::size_t parse_size(const std::string& text, std::string_view what, std::string_view value) {
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc{} || end != value.data() + value.size() || n == 0)
        bad_uri(text, cat(what, " \"", value, "\" is not a positive number"));
    return n;
}

void check_keys(const ConnectionUri& uri, std::initializer_list<std::string_view> known) {
    for (const auto& [key, value] : uri.query) {
        bool found = false;
        for (const auto k : known)
            found = found || k == key;
        if (!found)
            bad_uri(uri.text, cat("unknown option \"", key, "\" for ", uri.scheme, "://"));
    }
}

std::optional<std::string> query(const ConnectionUri& uri, const std::string& key) {
    const auto it = uri.query.find(key);
    return it == uri.query.end() ? std::nullopt : std::optional(it->second);
}

bool parse_bool(const std::string& text, std::string_view key, std::string_view value) {
    if (value == "1" || value == "true" || value == "yes")
        return true;
    if (value == "0" || value == "false" || value == "no")
        return false;
    bad_uri(text, cat(key, "=\"", value, "\" is not 1/0, true/false or yes/no"));
}

}  // namespace detail

namespace {

using detail::bad_uri;
using detail::cat;
using detail::parse_port;

// "host", "host:port", "[v6]", "[v6]:port"; a bare IPv6 address without brackets is taken
// whole (no port), as users paste them.
void parse_authority(ConnectionUri& uri, std::string_view authority) {
    if (authority.empty())
        bad_uri(uri.text, "no host given");
    if (authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string_view::npos)
            bad_uri(uri.text, "missing ']' after the IPv6 address");
        uri.host = std::string(authority.substr(1, close - 1));
        const auto rest = authority.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':')
                bad_uri(uri.text, "expected ':PORT' after ']'");
            uri.port = parse_port(uri.text, rest.substr(1));
        }
        return;
    }
    const auto colon = authority.rfind(':');
    if (colon == std::string_view::npos || authority.find(':') != colon) {
        uri.host = std::string(authority);
        return;
    }
    uri.host = std::string(authority.substr(0, colon));
    uri.port = parse_port(uri.text, authority.substr(colon + 1));
    if (uri.host.empty())
        bad_uri(uri.text, "no host given");
}

void parse_query(ConnectionUri& uri, std::string_view query) {
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto item = query.substr(0, amp);
        const auto eq = item.find('=');
        if (eq == std::string_view::npos || eq == 0)
            bad_uri(uri.text, cat("query item \"", item, "\" is not KEY=VALUE"));
        uri.query[std::string(item.substr(0, eq))] = std::string(item.substr(eq + 1));
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    }
}

// "2fe3:0100" or "2fe3": four hex digits each, as lsusb and `smpctl ports` print them.
std::uint16_t parse_usb_id(const std::string& text, std::string_view id, std::string_view what) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), value, 16);
    if (id.empty() || id.size() > 4 || ec != std::errc{} || end != id.data() + id.size())
        bad_uri(text, cat("USB ", what, " \"", id, "\" is not 1 to 4 hex digits (e.g. 2fe3)"));
    return static_cast<std::uint16_t>(value);
}

// serial://usb[/VID[:PID]][?serial=S&iface=N&...]: the selector's own keys leave the query,
// the link's (baud, flow, strategy, pace) stay for the factory.
UsbSelector parse_usb_selector(ConnectionUri& uri, std::string_view ids) {
    UsbSelector selector;
    if (!ids.empty()) {
        const auto colon = ids.find(':');
        selector.vid = parse_usb_id(uri.text, ids.substr(0, colon), "vendor id");
        if (colon != std::string_view::npos)
            selector.pid = parse_usb_id(uri.text, ids.substr(colon + 1), "product id");
    }
    if (const auto it = uri.query.find("serial"); it != uri.query.end()) {
        selector.serial = it->second;
        uri.query.erase(it);
    }
    if (const auto it = uri.query.find("iface"); it != uri.query.end()) {
        unsigned n = 0;
        const auto& v = it->second;
        const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        if (ec != std::errc{} || end != v.data() + v.size() || n > 255)
            bad_uri(uri.text, cat("iface \"", it->second, "\" is not an interface number"));
        selector.interface_number = static_cast<std::uint8_t>(n);
        uri.query.erase(it);
    }
    return selector;
}

// What follows serial:// (or serial-raw://) when it is no USB identity: an absolute device
// path, or a Windows COM port. The COM name is parsed on every system so that one URI means
// the same everywhere; opening it elsewhere than on Windows is refused by the factory.
std::string parse_serial_device(const std::string& text, std::string_view device) {
    if (const auto com = detail::parse_com_port_name(device))
        return *com;
    // serial:///COM3 as file:// URIs would spell it: the path /COM3 is surely not meant.
    if (device.starts_with('/') && detail::parse_com_port_name(device.substr(1)))
        bad_uri(text, cat("a COM port is written serial://", device.substr(1), " (two slashes)"));
    if (device.empty() || device.front() != '/')
        bad_uri(text,
                "expected an absolute device path (serial:///dev/ttyACM0), a COM port "
                "(serial://COM3, on Windows) or a USB identity (serial://usb/2fe3:0100)");
    return std::string(device);
}

}  // namespace

std::string_view connection_uri_help() {
    return "  udp://HOST[:PORT][?mtu=N]         UDP, default port 1337; IPv6 as udp://[::1]:1337\n"
           "  dtls://HOST[:PORT]?ca=FILE[&name=N&cert=FILE&key=FILE&mtu=N]\n"
           "  dtls://HOST[:PORT]?psk-identity=ID&psk=HEX | ?fingerprint=SHA256HEX | ?verify=none\n"
           "                                    SMP over DTLS 1.2 (Zephyr 4.3+ UDP DTLS);\n"
           "                                    name= the certificate's name if not HOST;\n"
           "                                    verify=none is for tests only\n"
           "  serial:///dev/ttyACM0[?baud=115200&flow=none&strategy=auto]\n"
           "  serial://COM3[?baud=..&flow=..&strategy=..&pace=..]   (Windows)\n"
           "                                    SMP console framing (base64 lines) on a tty\n"
           "                                    or COM port (any COMn, any case);\n"
           "                                    flow none|hardware|software; strategy auto,\n"
           "                                    buffer-size=N or buffer-params=LINExN;\n"
           "                                    pace=BAUD writes no faster than that baud\n"
           "                                    rate (PTYs, USB CDC, TCP bridges to devices\n"
           "                                    that drop lines arriving back to back)\n"
           "  serial://usb/VID:PID[?serial=S&iface=N&baud=..&flow=..&strategy=..&pace=..]\n"
           "                                    the serial port of a USB device (see `smpctl\n"
           "                                    ports`), e.g. serial://usb/2fe3:0100?serial=A1;\n"
           "                                    serial://usb matches any; serial-raw:// too\n"
           "  serial-raw:///dev/ttyACM0[?baud=..&flow=..&strategy=..&pace=..]\n"
           "  serial-raw://COM3[?...]           raw SMP over a tty or COM port (no framing)\n"
           "  tcp://HOST:PORT[?raw=1&strategy=..&pace=..]\n"
           "                                    serial bytes over TCP (ser2net, QEMU); console\n"
           "                                    framing unless raw=1\n"
           "  ble://NAME-or-ADDRESS[?adapter=hci0&reassembly=1]\n"
           "                                    Bluetooth LE (BlueZ); AA:BB:CC:DD:EE:FF is an\n"
           "                                    address, anything else an advertised name\n";
}

namespace {

ConnectionUri parse_uri(const std::string& text) {
    ConnectionUri uri;
    uri.text = text;
    const auto sep = text.find("://");
    if (sep == std::string::npos)
        bad_uri(text, "expected SCHEME://...");
    uri.scheme = text.substr(0, sep);
    const auto target = detail::scheme_target(uri.scheme);
    if (!target)
        bad_uri(text, cat("unknown scheme \"", uri.scheme, "\""));
    std::string_view rest(text);
    rest.remove_prefix(sep + 3);
    const auto question = rest.find('?');
    if (question != std::string_view::npos)
        parse_query(uri, rest.substr(question + 1));
    rest = rest.substr(0, question);
    switch (*target) {
        case detail::UriTarget::path:
            if (rest == "usb" || rest.starts_with("usb/")) {
                uri.usb =
                    parse_usb_selector(uri, rest.substr(std::min<std::size_t>(rest.size(), 4)));
                break;
            }
            uri.path = parse_serial_device(text, rest);
            break;
        case detail::UriTarget::whole:
            if (rest.empty())
                bad_uri(text, "no device name or address given");
            uri.host = std::string(rest);
            break;
        case detail::UriTarget::authority:
            parse_authority(uri, rest);
            break;
    }
    return uri;
}

}  // namespace

Result<ConnectionUri> parse_connection_uri(const std::string& text) {
    return detail::catch_uri_errors<ConnectionUri>([&] { return parse_uri(text); });
}

}  // namespace smp
