// Connection URI parsing and the scheme -> transport table.
#include "uri.hpp"

#include "exit_codes.hpp"

#include <smp/transport/udp.hpp>

#include <fmt/format.h>

#include <charconv>
#include <functional>

namespace smpctl {

namespace {

using Factory = smp::BlockingClient::TransportFactory;

[[noreturn]] void bad_uri(const std::string& text, std::string_view why) {
    throw ToolError(ExitCode::usage,
                    fmt::format("bad connection URI \"{}\": {}.\n{}", text, why, uri_help()));
}

std::uint16_t parse_port(const std::string& text, std::string_view port) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc{} || end != port.data() + port.size() || value == 0 || value > 65535)
        bad_uri(text, fmt::format("port \"{}\" is not a number from 1 to 65535", port));
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
            bad_uri(uri.text, fmt::format("query item \"{}\" is not KEY=VALUE", item));
        uri.query[std::string(item.substr(0, eq))] = std::string(item.substr(eq + 1));
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    }
}

Factory udp_factory(const ConnectionUri& uri) {
    smp::UdpOptions options{.host = uri.host};
    if (uri.port)
        options.port = *uri.port;
    if (const auto mtu = uri.query.find("mtu"); mtu != uri.query.end())
        options.mtu = parse_port(uri.text, mtu->second);
    return [options](asio::any_io_executor ex) {
        return smp::make_udp_transport(std::move(ex), options);
    };
}

[[noreturn]] Factory unsupported(const ConnectionUri& uri) {
    throw ToolError(ExitCode::transport,
                    fmt::format("cannot connect to {}: the {}:// transport is not supported by "
                                "this build of the smpclient library yet.\n  Use udp://HOST[:PORT] "
                                "or a newer smpctl.",
                                uri.text, uri.scheme));
}

struct Scheme {
    std::string_view name;
    bool has_path;  ///< serial device path instead of host[:port]
    std::function<Factory(const ConnectionUri&)> make;
};

// One line per transport: adding a transport the library gains is one line here.
const Scheme schemes[] = {
    {"udp", false, udp_factory},       {"tcp", false, unsupported}, {"serial", true, unsupported},
    {"serial-raw", true, unsupported}, {"ble", false, unsupported},
};

const Scheme* find_scheme(std::string_view name) {
    for (const auto& scheme : schemes)
        if (scheme.name == name)
            return &scheme;
    return nullptr;
}

}  // namespace

std::string_view uri_help() {
    return "Connection URIs (--conn URI or the SMP_CONN environment variable):\n"
           "  udp://HOST[:PORT]                 UDP, default port 1337; IPv6 as udp://[::1]:1337\n"
           "  serial:///dev/ttyACM0?baud=115200&strategy=auto\n"
           "                                    serial console framing; strategy auto,\n"
           "                                    buffer-size=N or buffer-params=LINExN\n"
           "  serial-raw:///dev/ttyACM0         raw SMP over a serial port\n"
           "  tcp://HOST:PORT                   serial framing over TCP\n"
           "  ble://NAME-or-ADDRESS             Bluetooth LE (BlueZ)\n";
}

ConnectionUri parse_uri(const std::string& text) {
    ConnectionUri uri;
    uri.text = text;
    const auto sep = text.find("://");
    if (sep == std::string::npos)
        bad_uri(text, "expected SCHEME://...");
    uri.scheme = text.substr(0, sep);
    const auto* scheme = find_scheme(uri.scheme);
    if (scheme == nullptr)
        bad_uri(text, fmt::format("unknown scheme \"{}\"", uri.scheme));
    std::string_view rest(text);
    rest.remove_prefix(sep + 3);
    const auto question = rest.find('?');
    if (question != std::string_view::npos)
        parse_query(uri, rest.substr(question + 1));
    rest = rest.substr(0, question);
    if (scheme->has_path) {
        if (rest.empty() || rest.front() != '/')
            bad_uri(text, "expected an absolute device path, e.g. serial:///dev/ttyACM0");
        uri.path = std::string(rest);
    } else {
        parse_authority(uri, rest);
    }
    return uri;
}

smp::BlockingClient::TransportFactory make_transport_factory(const ConnectionUri& uri) {
    return find_scheme(uri.scheme)->make(uri);
}

}  // namespace smpctl
