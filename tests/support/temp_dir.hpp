// SPDX-License-Identifier: Apache-2.0
#pragma once
// A fresh temporary directory for a test, removed with everything in it at destruction.
// Portable C++ (no mkdtemp): the unit tests also run on Windows under Wine.
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>
#include <system_error>

namespace smp::test {

/// Creates a new, empty directory named `prefix` and a random suffix in the system's
/// temporary directory: never one that already exists (create_directory says whether it made
/// it), so concurrent tests cannot share one.
inline std::filesystem::path make_temp_dir(const std::string& prefix = "smp-test-") {
    std::random_device rd;
    for (int attempt = 0; attempt < 100; ++attempt) {
        auto path = std::filesystem::temp_directory_path() /
                    (prefix + std::to_string(rd()) + std::to_string(rd()));
        std::error_code ec;
        if (std::filesystem::create_directory(path, ec))
            return path;
    }
    throw std::runtime_error("cannot create a temporary directory " + prefix + "*");
}

/// Removes `path` and everything in it; errors are ignored (a test's cleanup).
inline void remove_temp_dir(const std::filesystem::path& path) {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
}

/// make_temp_dir() for the lifetime of the object.
class TempDir {
  public:
    explicit TempDir(const std::string& prefix = "smp-test-") : path(make_temp_dir(prefix)) {}
    ~TempDir() { remove_temp_dir(path); }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    std::filesystem::path path;
};

}  // namespace smp::test
