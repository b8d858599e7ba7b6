// SPDX-License-Identifier: Apache-2.0
#pragma once
// Go's wording, where the Go tool's messages embed it: %q quoting and the text of a system
// error ("open X: no such file or directory").
#include <string>

namespace mcumgr {

/// Go's %q for a string: double quotes, with \" \\ and control bytes escaped.
std::string go_quote(const std::string& text);

/// A system error as Go prints it: strerror's text with a lower-case first letter.
std::string go_errno_text(int error);

}  // namespace mcumgr
