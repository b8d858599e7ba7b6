// SPDX-License-Identifier: Apache-2.0
// The scheme -> transport table of connection URIs: each scheme's options and the factory
// that makes its transport (smp/client/connection_uri.hpp). The syntax is connection_uri.cpp.
#include <smp/client/connection_uri.hpp>

#include <smp/transport/dtls.hpp>
#include <smp/transport/serial.hpp>
#include <smp/transport/udp.hpp>
#if SMP_HAVE_BLE_TRANSPORT
#include <smp/transport/ble.hpp>
#endif

#include <cctype>
#include <charconv>
#include <functional>
#include <limits>

#include "client/connection_uri_syntax.hpp"
#include "transport/com_port_name.hpp"

namespace smp {

namespace {

using Factory = smp::BlockingClient::TransportFactory;
using detail::bad_uri;
using detail::cat;
using detail::check_keys;
using detail::parse_bool;
using detail::parse_port;
using detail::parse_size;
using detail::query;

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

struct Scheme {
    std::string_view name;
    detail::UriTarget target;
    std::function<Factory(const ConnectionUri&, const ConsoleSink&)> make;
};

// One line per transport: adding a transport the library gains is one line here.
const Scheme schemes[] = {
    {"udp", detail::UriTarget::authority, udp_factory},
    {"dtls", detail::UriTarget::authority, dtls_factory},
    {"tcp", detail::UriTarget::authority, tcp_factory},
    {"serial", detail::UriTarget::path, encoded_serial_factory},
    {"serial-raw", detail::UriTarget::path, raw_serial_factory},
    {"ble", detail::UriTarget::whole, ble_factory},
};

const Scheme* find_scheme(std::string_view name) {
    for (const auto& scheme : schemes)
        if (scheme.name == name)
            return &scheme;
    return nullptr;
}

}  // namespace

std::optional<detail::UriTarget> detail::scheme_target(std::string_view scheme) {
    if (const auto* found = find_scheme(scheme))
        return found->target;
    return std::nullopt;
}

namespace {

// The errors of the transports' own checks, as the Results of this file's public functions:
// a bad option is Errc::invalid_argument, no matching port Errc::transport_error, a scheme this
// build cannot speak the transport's own error (Errc::unsupported).
template <class T, class F>
Result<T> uri_result(F&& make) {
    try {
        return detail::catch_uri_errors<T>(std::forward<F>(make));
    } catch (const PortNotFound& e) {
        return Error{make_error_code(Errc::transport_error), e.what()};
    } catch (const SystemError& e) {
        return e.error();
    }
}

std::vector<ConnectionUri> expand(const ConnectionUri& uri) {
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

Factory make_factory(const ConnectionUri& uri, const ConsoleSink& on_console) {
    if (!uri.usb)
        return find_scheme(uri.scheme)->make(uri, on_console);
    const auto ports = find_usb_ports(*uri.usb);
    if (ports.size() > 1) {
        std::string list;
        for (const auto& port : ports)
            list.append(cat("\n  ", describe_port(port), "\n      ", usb_uri_for(port)));
        throw detail::BadUri{cat(uri.usb->describe(), " matches ", std::to_string(ports.size()),
                                 " serial ports; name one (add ?serial=... or &iface=...), or run "
                                 "on every match (smpctl: upgrade, image upload and os echo do):",
                                 list)};
    }
    auto one = uri;
    one.usb.reset();
    one.path = ports.front().device;
    return find_scheme(uri.scheme)->make(one, on_console);
}

}  // namespace

Result<std::vector<ConnectionUri>> expand_usb(const ConnectionUri& uri) {
    if (!uri.usb)
        return std::vector<ConnectionUri>{uri};
    return uri_result<std::vector<ConnectionUri>>([&] { return expand(uri); });
}

Result<BlockingClient::TransportFactory> make_transport_factory(const ConnectionUri& uri,
                                                                const ConsoleSink& on_console) {
    if (!detail::scheme_target(uri.scheme))
        return Error{make_error_code(Errc::invalid_argument),
                     cat("unknown connection URI scheme \"", uri.scheme, "\"")};
    return uri_result<Factory>([&] { return make_factory(uri, on_console); });
}

}  // namespace smp
