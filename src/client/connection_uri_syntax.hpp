// SPDX-License-Identifier: Apache-2.0
#pragma once
// Connection URI syntax shared by the parser (connection_uri.cpp) and the scheme -> transport
// table (connection_uri_factory.cpp): the error of a bad URI and the value parsers of options.
#include <smp/client/connection_uri.hpp>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace smp::detail {

/// Thrown inside the URI code only: the public functions return it as an Errc::invalid_argument
/// Result (catch_uri_errors), so one `bad_uri` deep in an option parser ends the whole parse.
struct BadUri {
    std::string message;
};

/// Joins pieces into one message (the library does without fmt); numbers via std::to_string.
template <class... Parts>
std::string cat(const Parts&... parts) {
    std::string text;
    (text.append(std::string_view(parts)), ...);
    return text;
}

/// Throws BadUri: "bad connection URI "TEXT": WHY." and the accepted forms.
[[noreturn]] void bad_uri(const std::string& text, std::string_view why);

std::uint16_t parse_port(const std::string& text, std::string_view port);
std::size_t parse_size(const std::string& text, std::string_view what, std::string_view value);
bool parse_bool(const std::string& text, std::string_view key, std::string_view value);

/// Each scheme names the query keys it accepts, so a typo ("baudrate=") is a usage error
/// instead of a silently ignored option.
void check_keys(const ConnectionUri& uri, std::initializer_list<std::string_view> known);
std::optional<std::string> query(const ConnectionUri& uri, const std::string& key);

/// What follows SCHEME://: a host[:port], a device path, or a BLE name/address taken whole
/// (names may contain ':').
enum class UriTarget { authority, path, whole };
/// The target syntax of a scheme the library knows (the scheme table), or nullopt.
std::optional<UriTarget> scheme_target(std::string_view scheme);

/// Runs `parse`, returning a BadUri it throws as Errc::invalid_argument with its message.
template <class T, class F>
Result<T> catch_uri_errors(F&& parse) {
    try {
        return parse();
    } catch (const BadUri& e) {
        return Error{make_error_code(Errc::invalid_argument), e.message};
    }
}

}  // namespace smp::detail
