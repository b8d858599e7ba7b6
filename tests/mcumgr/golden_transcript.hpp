// SPDX-License-Identifier: Apache-2.0
#pragma once
// A golden transcript: the mcumgr command lines a test runs and what each printed (stdout,
// stderr, exit status), compared with a committed file under tests/mcumgr/golden/. Values that
// change from run to run (the smpsim PTY and port, the scratch directory) are written as
// @NAME@ placeholders. MCUMGR_UPDATE_GOLDEN=1 rewrites the files instead of comparing.
#include "smpctl/smpctl_process.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace mcumgr_test {

class Transcript {
  public:
    Transcript(std::string name, smpctl_test::Environment env, const smpctl_test::fs::path& dir)
        : name_(std::move(name)), env_(std::move(env)), dir_(dir) {}

    /// A value shown as @NAME@ in the file (longest values are replaced first).
    void placeholder(const std::string& name, const std::string& value) {
        placeholders_.emplace_back(value, "@" + name + "@");
        std::sort(placeholders_.begin(), placeholders_.end(),
                  [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    }

    /// Runs mcumgr with `args` and records it; returns the run for further checks.
    smpctl_test::RunResult run(const std::vector<std::string>& args) {
        auto result =
            smpctl_test::run_program(MCUMGR_PATH, args, dir_, std::chrono::seconds(120), env_);
        EXPECT_FALSE(result.killed) << "mcumgr hung";
        std::string line = "$ mcumgr";
        for (const auto& a : args)  // quoted as a shell would need it
            line += " " +
                    (a.empty() || a.find_first_of(" '\"") != std::string::npos ? "'" + a + "'" : a);
        text_ += masked(line) + "\n[stdout]\n" + masked(result.out) + "[stderr]\n" +
                 masked(result.err) + "[exit " + std::to_string(result.code) + "]\n\n";
        return result;
    }

    /// Compares the transcript with the golden file (or writes it).
    void check() const {
        const auto path = std::string(MCUMGR_GOLDEN_DIR) + "/" + name_ + ".txt";
        if (std::getenv("MCUMGR_UPDATE_GOLDEN")) {
            std::ofstream(path, std::ios::binary) << text_;
            return;
        }
        const auto expected = smpctl_test::read_file(path);
        ASSERT_FALSE(expected.empty()) << path << " is missing; MCUMGR_UPDATE_GOLDEN=1 writes it";
        EXPECT_EQ(text_, expected) << "golden file " << path;
    }

  private:
    std::string masked(std::string text) const {
        for (const auto& [value, name] : placeholders_)
            for (auto at = text.find(value); at != std::string::npos;
                 at = text.find(value, at + name.size()))
                text.replace(at, value.size(), name);
        return text;
    }

    std::string name_;
    smpctl_test::Environment env_;
    smpctl_test::fs::path dir_;
    std::vector<std::pair<std::string, std::string>> placeholders_{};
    std::string text_{};
};

}  // namespace mcumgr_test
