// SPDX-License-Identifier: Apache-2.0
#include "server/fs_sandbox.hpp"

#include <algorithm>

namespace smp::server {
namespace {

// True when `path` is `root` or lies below it (component-wise, so "/r2" is not below "/r").
bool is_within(const std::filesystem::path& path, const std::filesystem::path& root) {
    auto p = path.begin();
    for (auto r = root.begin(); r != root.end(); ++r, ++p) {
        if (p == path.end() || *p != *r)
            return false;
    }
    return true;
}

}  // namespace

FsSandbox::FsSandbox(const std::filesystem::path& root) {
    if (root.empty())
        return;
    std::error_code ec;
    std::filesystem::create_directories(root, ec);
    root_ = std::filesystem::weakly_canonical(root, ec);
    if (ec)
        root_.clear();
}

std::optional<std::filesystem::path> FsSandbox::resolve(std::string_view name) const {
    if (!mounted() || name.empty() || name.front() != '/' ||
        name.find('\0') != std::string_view::npos)
        return std::nullopt;
    std::filesystem::path host = root_;
    std::size_t at = 0;
    while (at < name.size()) {
        const std::size_t end = std::min(name.find('/', at), name.size());
        const std::string_view part = name.substr(at, end - at);
        at = end + 1;
        if (part.empty() || part == ".")
            continue;
        if (part == "..")
            return std::nullopt;
        host /= std::string(part);
    }
    // Links inside the root are followed; the target must stay inside too.
    std::error_code ec;
    const auto real = std::filesystem::weakly_canonical(host, ec);
    if (ec || !is_within(real, root_))
        return std::nullopt;
    return host;
}

}  // namespace smp::server
