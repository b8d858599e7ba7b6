// SPDX-License-Identifier: Apache-2.0
// Output rules (see output.hpp).
#include "output.hpp"

#include "console.hpp"

#include <smp/protocol/cbor.hpp>

#include <fmt/format.h>

#include <cstdio>
#include <iostream>

namespace smpctl {

void Output::emit(const Json& doc, const std::function<void()>& human) const {
    if (json) {
        std::cout << doc.dump(2) << std::endl;
        return;
    }
    human();
    std::cout.flush();
}

void Output::info(std::string_view line) const {
    if (verbosity >= Verbosity::normal)
        fmt::print(stderr, "{}\n", line);
}

void Output::debug(std::string_view line) const {
    if (verbosity >= Verbosity::verbose)
        fmt::print(stderr, "smpctl: {}\n", line);
}

void Output::log(smp::LogLevel level, std::string_view line) const {
    switch (level) {
        case smp::LogLevel::warning:
            fmt::print(stderr, "smpctl: warning: {}\n", line);
            break;
        case smp::LogLevel::info:
            debug(line);
            break;
        case smp::LogLevel::debug:
            if (verbosity >= Verbosity::debug)
                fmt::print(stderr, "smpctl: {}\n", line);
            break;
    }
}

bool Output::stderr_is_tty() const {
    // The bar needs both: a terminal, and one that runs its escape sequences.
    static const bool escapes = stderr_is_terminal() && enable_terminal_escapes();
    return escapes;
}

std::string hex(smp::ByteView bytes) {
    return smp::to_hex(bytes);
}

Json json_from_cbor(const Json& cbor) {
    if (cbor.is_binary())
        return hex(cbor.get_binary());
    if (cbor.is_object()) {
        Json out = Json::object();
        for (const auto& [key, value] : cbor.items())
            out[key] = json_from_cbor(value);
        return out;
    }
    if (cbor.is_array()) {
        Json out = Json::array();
        for (const auto& value : cbor)
            out.push_back(json_from_cbor(value));
        return out;
    }
    return cbor;
}

Json json_from_extra(const smp::Extra& extra) {
    if (extra.empty())
        return Json::object();
    return json_from_cbor(smp::cbor::to_value(extra));
}

void add_extra(Json& doc, const smp::Extra& extra) {
    if (!extra.empty())
        doc["extra"] = json_from_extra(extra);
}

}  // namespace smpctl
