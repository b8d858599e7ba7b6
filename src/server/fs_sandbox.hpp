// SPDX-License-Identifier: Apache-2.0
#pragma once
// The device's file system, sandboxed in one host directory: device paths ("/lfs1/a.txt")
// map below the root, and nothing outside it can be reached, whether by "..", by an absolute
// path or through a symbolic link that points out. Private to smp_server.
#include <filesystem>
#include <optional>
#include <string_view>

namespace smp::server {

class FsSandbox {
  public:
    /// `root` empty = no file system mounted. The root is created when missing.
    explicit FsSandbox(const std::filesystem::path& root);

    bool mounted() const noexcept { return !root_.empty(); }
    const std::filesystem::path& root() const noexcept { return root_; }

    /// The host path of a device path; nullopt when the name is not an absolute device path
    /// or would leave the root (Zephyr's VFS has neither ".." nor links: such a name is
    /// invalid there, so fs_mgmt answers FILE_INVALID_NAME).
    std::optional<std::filesystem::path> resolve(std::string_view name) const;

  private:
    std::filesystem::path root_{};  ///< canonical
};

}  // namespace smp::server
