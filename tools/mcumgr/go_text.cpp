// SPDX-License-Identifier: Apache-2.0
// Go's %q and syscall error texts.
#include "go_text.hpp"

#include <cctype>
#include <cstring>

namespace mcumgr {

std::string go_quote(const std::string& text) {
    static const char* hex = "0123456789abcdef";
    std::string out = "\"";
    for (const char ch : text) {
        const auto u = static_cast<unsigned char>(ch);
        if (ch == '"' || ch == '\\')
            out += std::string("\\") + ch;
        else if (u < 0x20 || u == 0x7f)
            out += std::string("\\x") + hex[u >> 4] + hex[u & 15];
        else
            out += ch;
    }
    return out + "\"";
}

std::string go_errno_text(int error) {
    std::string text = std::strerror(error);
    if (!text.empty())
        text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
    return text;
}

}  // namespace mcumgr
