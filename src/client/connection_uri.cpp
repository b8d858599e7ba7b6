// SPDX-License-Identifier: Apache-2.0
// Connection URI parsing and the scheme -> transport table (smp/client/connection_uri.hpp).
#include <smp/client/connection_uri.hpp>

#include <smp/transport/dtls.hpp>
#include <smp/transport/serial.hpp>
#include <smp/transport/udp.hpp>
#if SMP_HAVE_BLE_TRANSPORT
#include <smp/transport/ble.hpp>
#endif

#include <algorithm>
#include <cctype>
#include <charconv>
#include <functional>
#include <limits>

#include "transport/com_port_name.hpp"

namespace smp {

namespace {

using Factory = smp::BlockingClient::TransportFactory;

// Joins pieces into one message (the library does without fmt); numbers via std::to_string.
template <class... Parts>
std::string cat(const Parts&... parts) {
    std::string text;
    (text.append(std::string_view(parts)), ...);
    return text;
}

[[noreturn]] void bad_uri(const std::string& text, std::string_view why) {
    throw UriError(cat("bad connection URI \"", text, "\": ", why, ".\n", connection_uri_help()));
}

std::uint16_t parse_port(const std::string& text, std::string_view port) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc{} || end != port.data() + port.size() || value == 0 || value > 65535)
        bad_uri(text, cat("port \"", port, "\" is not a number from 1 to 65535"));
    return static_cast<std::uint16_t>(value);
}

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

std::size_t parse_size(const std::string& text, std::string_view what, std::string_view value) {
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc{} || end != value.data() + value.size() || n == 0)
        bad_uri(text, cat(what, " \"", value, "\" is not a positive number"));
    return n;
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

// Each scheme names the query keys it accepts, so a typo ("baudrate=") is a usage error
// instead of a silently ignored option.
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

// strategy=auto | buffer-size=N | buffer-params=LINExN (Python smpclient's names), checked
// here so a bad value is a usage error before anything is opened.
smp::serial::Fragmentation parse_strategy(const std::string& text, std::string_view value) {
    smp::serial::Fragmentation strategy = smp::serial::Auto{};
    constexpr std::string_view size_prefix = "buffer-size=";
    constexpr std::string_view params_prefix = "buffer-params=";
    if (value.starts_with(size_prefix)) {
        strategy = smp::serial::BufferSize{
            .buf_size = parse_size(text, "buffer size", value.substr(size_prefix.size()))};
    } else if (value.starts_with(params_prefix)) {
        const auto spec = value.substr(params_prefix.size());
        const auto x = spec.find('x');
        if (x == std::string_view::npos)
            bad_uri(text, cat("buffer-params \"", spec, "\" is not LINExN (e.g. 128x4)"));
        strategy = smp::serial::BufferParams{
            .line_length = parse_size(text, "line length", spec.substr(0, x)),
            .line_buffers = parse_size(text, "line buffer count", spec.substr(x + 1))};
    } else if (value != "auto") {
        bad_uri(text,
                cat("strategy \"", value, "\" is not auto, buffer-size=N or buffer-params=LINExN"));
    }
    if (smp::serial::line_length(strategy) > smp::serial::default_line_length)
        bad_uri(text, cat("the line length may not exceed ",
                          std::to_string(smp::serial::default_line_length),
                          " (the device's line buffer)"));
    if (const auto budget = smp::serial::max_message_size(strategy, std::nullopt); !budget)
        bad_uri(text, cat("strategy \"", value, "\": ", budget.error().message()));
    return strategy;
}

smp::SerialLinkOptions link_options(const ConnectionUri& uri, smp::SerialFraming framing,
                                    const ConsoleSink& on_console) {
    smp::SerialLinkOptions link;
    link.framing = framing;
    if (const auto strategy = query(uri, "strategy"))
        link.fragmentation = parse_strategy(uri.text, *strategy);
    if (const auto pace = query(uri, "pace")) {
        const auto rate = parse_size(uri.text, "pace baud rate", *pace);
        if (rate > std::numeric_limits<unsigned>::max())
            bad_uri(uri.text, cat("pace baud rate \"", *pace, "\" is too large"));
        link.pace_baud_rate = static_cast<unsigned>(rate);
    }
    link.on_console = on_console;
    return link;
}

smp::FlowControl parse_flow(const std::string& text, std::string_view value) {
    if (value == "none")
        return smp::FlowControl::none;
    if (value == "hardware" || value == "rtscts")
        return smp::FlowControl::hardware;
    if (value == "software" || value == "xonxoff")
        return smp::FlowControl::software;
    bad_uri(text, cat("flow \"", value, "\" is not none, hardware or software"));
}

Factory udp_factory(const ConnectionUri& uri, const ConsoleSink&) {
    check_keys(uri, {"mtu"});
    smp::UdpOptions options{.host = uri.host};
    if (uri.port)
        options.port = *uri.port;
    if (const auto mtu = query(uri, "mtu"))
        options.mtu = parse_port(uri.text, *mtu);
    return [options](asio::any_io_executor ex) {
        return smp::make_udp_transport(std::move(ex), options);
    };
}

// "ab01..", "AB:01:.." (openssl x509 -fingerprint prints colons): bytes, or a usage error.
Bytes parse_hex(const std::string& text, std::string_view what, std::string_view value) {
    std::string digits;
    for (const char c : value)
        if (c != ':')
            digits.push_back(c);
    Bytes bytes;
    for (std::size_t i = 0; i + 1 < digits.size(); i += 2) {
        unsigned byte = 0;
        const auto [end, ec] = std::from_chars(digits.data() + i, digits.data() + i + 2, byte, 16);
        if (ec != std::errc{} || end != digits.data() + i + 2)
            break;
        bytes.push_back(static_cast<std::uint8_t>(byte));
    }
    if (digits.empty() || digits.size() % 2 != 0 || bytes.size() * 2 != digits.size())
        bad_uri(text, cat(what, " \"", value, "\" is not an even number of hex digits"));
    return bytes;
}

// What Zephyr's devices take: mbedTLS's MBEDTLS_PSK_MAX_LEN, 32 bytes by default.
constexpr std::size_t max_psk_size = 32;

void dtls_credentials(const ConnectionUri& uri, smp::DtlsOptions& options) {
    options.ca_file = query(uri, "ca").value_or("");
    options.cert_file = query(uri, "cert").value_or("");
    options.key_file = query(uri, "key").value_or("");
    options.name = query(uri, "name").value_or("");
    if (options.cert_file.empty() != options.key_file.empty())
        bad_uri(uri.text, "cert= and key= go together (the client certificate and its key)");
    options.psk_identity = query(uri, "psk-identity").value_or("");
    if (const auto psk = query(uri, "psk")) {
        options.psk = parse_hex(uri.text, "psk", *psk);
        if (options.psk.size() > max_psk_size)
            bad_uri(uri.text, cat("psk is ", std::to_string(options.psk.size()),
                                  " bytes; a PSK is 1 to 32 bytes (64 hex digits at most, "
                                  "mbedTLS's MBEDTLS_PSK_MAX_LEN)"));
    }
    if (options.psk.empty() != options.psk_identity.empty())
        bad_uri(uri.text, "psk= and psk-identity= go together");
    if (const auto fp = query(uri, "fingerprint")) {
        options.fingerprint = parse_hex(uri.text, "fingerprint", *fp);
        if (options.fingerprint.size() != 32)
            bad_uri(uri.text, "fingerprint is the SHA-256 of the certificate: 64 hex digits");
    }
    if (const auto verify = query(uri, "verify")) {
        if (*verify != "none")
            bad_uri(uri.text, cat("verify \"", *verify, "\": only verify=none (tests only)"));
        options.verify = false;
    }
    const bool checked = !options.ca_file.empty() || !options.fingerprint.empty() ||
                         !options.psk.empty() || !options.verify;
    if (!checked)
        bad_uri(uri.text,
                "dtls:// needs a way to trust the device: ca=FILE, fingerprint=SHA256HEX, "
                "psk-identity=ID&psk=HEX, or verify=none (tests only)");
}

Factory dtls_factory(const ConnectionUri& uri, const ConsoleSink&) {
    check_keys(uri, {"mtu", "ca", "cert", "key", "name", "psk-identity", "psk", "fingerprint",
                     "verify", "handshake-timeout", "lost-after"});
    smp::DtlsOptions options{.host = uri.host};
    if (uri.port)
        options.port = *uri.port;
    if (const auto mtu = query(uri, "mtu"))
        options.mtu = parse_port(uri.text, *mtu);
    if (const auto ms = query(uri, "handshake-timeout"))
        options.handshake_timeout =
            std::chrono::milliseconds(parse_size(uri.text, "handshake-timeout", *ms));
    if (const auto ms = query(uri, "lost-after"))
        options.lost_after = std::chrono::milliseconds(parse_size(uri.text, "lost-after", *ms));
    dtls_credentials(uri, options);
    if (!smp::dtls_available())
        (void)smp::make_dtls_transport({}, options);  // throws: this build has no DTLS
    return [options](asio::any_io_executor ex) {
        return smp::make_dtls_transport(std::move(ex), options);
    };
}

Factory serial_factory(const ConnectionUri& uri, smp::SerialFraming framing,
                       const ConsoleSink& on_console) {
    check_keys(uri, {"baud", "flow", "strategy", "pace"});
#ifndef _WIN32
    if (detail::parse_com_port_name(uri.path))
        bad_uri(uri.text,
                "COM ports exist on Windows only; name the device path here "
                "(serial:///dev/ttyACM0) or its USB identity (serial://usb/2fe3:0100)");
#endif
    smp::SerialOptions options{.device = uri.path};
    if (const auto baud = query(uri, "baud")) {
        const auto rate = parse_size(uri.text, "baud rate", *baud);
        if (rate > std::numeric_limits<unsigned>::max())
            bad_uri(uri.text, cat("baud rate \"", *baud, "\" is too large"));
        options.baud_rate = static_cast<unsigned>(rate);
    }
    if (const auto flow = query(uri, "flow"))
        options.flow_control = parse_flow(uri.text, *flow);
    options.link = link_options(uri, framing, on_console);
    return [options](asio::any_io_executor ex) {
        return smp::make_serial_transport(std::move(ex), options);
    };
}

Factory encoded_serial_factory(const ConnectionUri& uri, const ConsoleSink& on_console) {
    return serial_factory(uri, smp::SerialFraming::encoded, on_console);
}

Factory raw_serial_factory(const ConnectionUri& uri, const ConsoleSink& on_console) {
    return serial_factory(uri, smp::SerialFraming::raw, on_console);
}

// tcp://HOST:PORT carries serial bytes (ser2net, QEMU's socket chardev): encoded framing
// unless ?raw=1.
Factory tcp_factory(const ConnectionUri& uri, const ConsoleSink& on_console) {
    check_keys(uri, {"raw", "strategy", "pace"});
    if (!uri.port)
        bad_uri(uri.text, "tcp:// needs a port (tcp://HOST:PORT)");
    const auto raw = query(uri, "raw");
    const bool is_raw = raw && parse_bool(uri.text, "raw", *raw);
    smp::TcpSerialOptions options{.host = uri.host, .port = *uri.port};
    options.link = link_options(uri, is_raw ? smp::SerialFraming::raw : smp::SerialFraming::encoded,
                                on_console);
    return [options](asio::any_io_executor ex) {
        return smp::make_tcp_serial_transport(std::move(ex), options);
    };
}

// A Bluetooth address is six hex pairs joined by ':'; anything else is an advertised name.
bool is_ble_address(std::string_view text) {
    if (text.size() != 17)
        return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool ok =
            i % 3 == 2 ? text[i] == ':' : std::isxdigit(static_cast<unsigned char>(text[i])) != 0;
        if (!ok)
            return false;
    }
    return true;
}

#if SMP_HAVE_BLE_TRANSPORT
Factory ble_factory(const ConnectionUri& uri, const ConsoleSink&) {
    check_keys(uri, {"adapter", "reassembly"});
    smp::BleOptions options;
    (is_ble_address(uri.host) ? options.address : options.name) = uri.host;
    if (const auto adapter = query(uri, "adapter"))
        options.adapter = *adapter;
    if (const auto reassembly = query(uri, "reassembly"))
        options.reassembly = parse_bool(uri.text, "reassembly", *reassembly);
    return [options](asio::any_io_executor ex) {
        return smp::make_ble_transport(std::move(ex), options);
    };
}
#else
[[noreturn]] Factory ble_factory(const ConnectionUri& uri, const ConsoleSink&) {
    (void)is_ble_address;
#ifdef __linux__
    throw SystemError(Error(make_error_code(Errc::unsupported),
                            cat("cannot connect to ", uri.text,
                                ": this build has no Bluetooth LE support (sdbus-c++ was not "
                                "found).\n  Install libsdbus-c++-dev and rebuild, or use udp://, "
                                "serial:// or tcp://.")));
#else
    // CoreBluetooth (macOS) and WinRT (Windows) transports would plug in here.
    throw SystemError(Error(make_error_code(Errc::unsupported),
                            cat("cannot connect to ", uri.text,
                                ": Bluetooth LE (ble://) is Linux-only (BlueZ) for now.\n  Use "
                                "udp://, serial:// or tcp:// on this system.")));
#endif
}
#endif

// What follows SCHEME://: a host[:port], a device path, or a BLE name/address taken whole
// (names may contain ':').
enum class Target { authority, path, whole };

struct Scheme {
    std::string_view name;
    Target target;
    std::function<Factory(const ConnectionUri&, const ConsoleSink&)> make;
};

// One line per transport: adding a transport the library gains is one line here.
const Scheme schemes[] = {
    {"udp", Target::authority, udp_factory},
    {"dtls", Target::authority, dtls_factory},
    {"tcp", Target::authority, tcp_factory},
    {"serial", Target::path, encoded_serial_factory},
    {"serial-raw", Target::path, raw_serial_factory},
    {"ble", Target::whole, ble_factory},
};

const Scheme* find_scheme(std::string_view name) {
    for (const auto& scheme : schemes)
        if (scheme.name == name)
            return &scheme;
    return nullptr;
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

ConnectionUri parse_connection_uri(const std::string& text) {
    ConnectionUri uri;
    uri.text = text;
    const auto sep = text.find("://");
    if (sep == std::string::npos)
        bad_uri(text, "expected SCHEME://...");
    uri.scheme = text.substr(0, sep);
    const auto* scheme = find_scheme(uri.scheme);
    if (scheme == nullptr)
        bad_uri(text, cat("unknown scheme \"", uri.scheme, "\""));
    std::string_view rest(text);
    rest.remove_prefix(sep + 3);
    const auto question = rest.find('?');
    if (question != std::string_view::npos)
        parse_query(uri, rest.substr(question + 1));
    rest = rest.substr(0, question);
    switch (scheme->target) {
        case Target::path:
            if (rest == "usb" || rest.starts_with("usb/")) {
                uri.usb =
                    parse_usb_selector(uri, rest.substr(std::min<std::size_t>(rest.size(), 4)));
                break;
            }
            uri.path = parse_serial_device(text, rest);
            break;
        case Target::whole:
            if (rest.empty())
                bad_uri(text, "no device name or address given");
            uri.host = std::string(rest);
            break;
        case Target::authority:
            parse_authority(uri, rest);
            break;
    }
    return uri;
}

std::vector<ConnectionUri> expand_usb(const ConnectionUri& uri) {
    if (!uri.usb)
        return {uri};
    std::vector<ConnectionUri> found;
    for (const auto& port : find_usb_ports(*uri.usb)) {
        auto one = uri;
        one.usb.reset();
        one.path = port.device;
        // A name that tells boards apart in progress lines: the tty and the serial number.
        one.text =
            port.usb && !port.usb->serial.empty() ? port.name + ":" + port.usb->serial : port.name;
        found.push_back(std::move(one));
    }
    return found;
}

BlockingClient::TransportFactory make_transport_factory(const ConnectionUri& uri,
                                                        const ConsoleSink& on_console) {
    if (!uri.usb)
        return find_scheme(uri.scheme)->make(uri, on_console);
    const auto ports = find_usb_ports(*uri.usb);
    if (ports.size() > 1) {
        std::string list;
        for (const auto& port : ports)
            list.append(cat("\n  ", describe_port(port), "\n      ", usb_uri_for(port)));
        throw UriError(cat(uri.usb->describe(), " matches ", std::to_string(ports.size()),
                           " serial ports; name one (add ?serial=... or &iface=...), or run on "
                           "every match (smpctl: upgrade, image upload and os echo do):",
                           list));
    }
    auto one = uri;
    one.usb.reset();
    one.path = ports.front().device;
    return find_scheme(uri.scheme)->make(one, on_console);
}

}  // namespace smp
