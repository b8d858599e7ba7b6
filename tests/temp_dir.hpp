// SPDX-License-Identifier: Apache-2.0
#pragma once
// A fresh temporary directory for a test, removed with everything in it at destruction.
#include <filesystem>
#include <random>
#include <string>

namespace smp_test {

struct TempDir {
    explicit TempDir(const std::string& prefix = "smp-server-test-") {
        std::random_device rd;
        path = std::filesystem::temp_directory_path() /
               (prefix + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::filesystem::path path;
};

}  // namespace smp_test
