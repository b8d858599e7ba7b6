// SPDX-License-Identifier: Apache-2.0
// Reading --conn-file (see conn_file.hpp).
#include "conn_file.hpp"

#include "exit_codes.hpp"

#include <fmt/format.h>

#include <cstring>
#include <fstream>

namespace smpctl {

namespace {

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r");
    return text.substr(first, last - first + 1);
}

}  // namespace

std::vector<std::string> read_conn_file(const std::string& path) {
    std::ifstream in(path);
    if (!in)
        throw ToolError(ExitCode::bad_input, fmt::format("cannot read the connection file {}: {}",
                                                         path, std::strerror(errno)));
    std::vector<std::string> uris;
    std::string line;
    while (std::getline(in, line)) {
        // A URI has no '#' of its own (a BLE name would need one, and may not use the file).
        const auto uri = trim(std::string_view(line).substr(0, line.find('#')));
        if (!uri.empty())
            uris.emplace_back(uri);
    }
    if (uris.empty())
        throw ToolError(
            ExitCode::usage,
            fmt::format("the connection file {} names no device (one URI a line)", path));
    return uris;
}

}  // namespace smpctl
