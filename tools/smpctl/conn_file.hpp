// SPDX-License-Identifier: Apache-2.0
#pragma once
// --conn-file FILE: the devices of a station or fleet, one connection URI a line.
#include <string>
#include <vector>

namespace smpctl {

/// The URIs in `path`: one a line, blank lines and `#` comments (whole-line or after the URI)
/// skipped, blanks around a URI trimmed. Throws ToolError(bad_input) when the file cannot be
/// read, ToolError(usage) when it names no device.
std::vector<std::string> read_conn_file(const std::string& path);

}  // namespace smpctl
