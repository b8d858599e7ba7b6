// SPDX-License-Identifier: Apache-2.0
// Connstring parsing after newtmgr/config/serial_config.go and bll_config.go, and the UDP
// address as net.ResolveUDPAddr wants it; each ends in a URI of ours.
#include "connection.hpp"

#include <map>
#include <vector>

namespace mcumgr {

namespace {

std::vector<std::string> split(const std::string& text, char sep) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        const auto end = text.find(sep, start);
        parts.push_back(text.substr(start, end - start));
        if (end == std::string::npos)
            return parts;
        start = end + 1;
    }
}

bool all_digits(const std::string& s) {
    const auto body = !s.empty() && (s[0] == '+' || s[0] == '-') ? s.substr(1) : s;
    return !body.empty() && body.find_first_not_of("0123456789") == std::string::npos;
}

// The Go tool formats these with Sprintf(f, args) where args is a slice, so the value shows
// in brackets ("Invalid baud: [abc]"): kept, since that is the text users have seen.
[[noreturn]] void bad_serial(const std::string& what, const std::string& value) {
    throw UsageError("Invalid serial connstring; " + what + ": [" + value + "]");
}

[[noreturn]] void bad_ble(const std::string& what, const std::string& value) {
    throw UsageError("Invalid BLE connstring; " + what + ": [" + value + "]");
}

struct SerialSettings {
    std::string dev{};
    std::string baud = "115200";
};

SerialSettings parse_serial(const std::string& conn_string) {
    SerialSettings s;
    for (const auto& part : split(conn_string, ',')) {
        const auto eq = part.find('=');
        // A token without '=' is the old form: the device path.
        const auto key = eq == std::string::npos ? std::string("dev") : part.substr(0, eq);
        const auto value = eq == std::string::npos ? part : part.substr(eq + 1);
        if (key == "dev")
            s.dev = value;
        else if (key == "baud" && all_digits(value))
            s.baud = value;
        else if (key == "baud")
            bad_serial("Invalid baud", value);
        else if (key == "mtu" && !all_digits(value))
            bad_serial("Invalid mtu", value);
        else if (key != "mtu")
            bad_serial("Unrecognized key", key);
    }
    return s;
}

std::string serial_uri(const ConnProfile& p) {
    const auto s = parse_serial(p.conn_string);
    return "serial://" + s.dev + "?baud=" + s.baud;
}

std::string udp_uri(const ConnProfile& p) {
    const auto& address = p.conn_string;
    const auto colon = address.rfind(':');
    const auto bracket = address.rfind(']');
    if (colon == std::string::npos || (bracket != std::string::npos && colon < bracket))
        throw UsageError("address " + address + ": missing port in address");
    if (address.find(':') != colon && address[0] != '[')
        throw UsageError("address " + address + ": too many colons in address");
    return "udp://" + address;
}

std::string ble_uri(const ConnProfile& p, const Invocation& invocation) {
    std::map<std::string, std::string> keys;
    if (p.conn_string.find_first_not_of(" \t\n") != std::string::npos) {
        for (const auto& part : split(p.conn_string, ',')) {
            const auto eq = part.find('=');
            if (eq == std::string::npos)
                bad_ble("expected comma-separated key=value pairs; no '=' in", part);
            const auto key = part.substr(0, eq);
            if (key != "ctlr_name" && key != "own_addr_type" && key != "peer_id" &&
                key != "peer_name" && key != "conn_timeout")
                bad_ble("Unrecognized key", key);
            keys[key] = part.substr(eq + 1);
        }
    }
    if (!invocation.text("name").empty())
        keys["peer_name"] = invocation.text("name");
    const auto peer = !keys["peer_name"].empty() ? keys["peer_name"] : keys["peer_id"];
    if (peer.empty())
        throw UsageError("bll session lacks a peer specifier");
    return "ble://" + peer + "?adapter=hci" + invocation.text("hci");
}

}  // namespace

ConnProfile selected_profile(const Invocation& invocation, const ProfileStore& store) {
    ConnProfile p{"unnamed", "", ""};
    if (const auto name = invocation.text("conn"); !name.empty()) {
        const auto* found = store.find(name);
        if (!found)
            throw UsageError("connection profile \"" + name + "\" doesn't exist");
        p = *found;
    }
    if (const auto type = invocation.text("conntype"); !type.empty()) {
        if (!is_conn_type(type))
            throw UsageError("invalid conntype: \"" + type + "\"");
        p.type = type;
    }
    if (const auto cs = invocation.text("connstring"); !cs.empty())
        p.conn_string = cs;
    if (const auto extra = invocation.text("connextra"); !extra.empty())
        p.conn_string += (p.conn_string.empty() ? "" : ",") + extra;
    if (p.type.empty() || p.type == "???")
        throw UsageError("No connection type specified");
    return p;
}

std::string connection_uri(const ConnProfile& p, const Invocation& invocation) {
    if (p.type == "serial")
        return serial_uri(p);
    if (p.type == "udp")
        return udp_uri(p);
    if (p.type == "ble")
        return ble_uri(p, invocation);
    throw UsageError("connection type " + p.type +
                     " is not supported by this mcumgr (serial, udp and ble are)");
}

std::string serial_device(const ConnProfile& p) {
    return p.type == "serial" ? parse_serial(p.conn_string).dev : std::string{};
}

}  // namespace mcumgr
