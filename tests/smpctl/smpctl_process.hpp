// SPDX-License-Identifier: Apache-2.0
#pragma once
// smpctl (or another program) as a real process for the end-to-end tests: a scratch directory,
// and a run with its stdout, stderr and exit code, killed (and reported as a hang) past a
// deadline.
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace smpctl_test {

namespace fs = std::filesystem;

struct RunResult {
    int code = -1;
    std::string out;
    std::string err;
    bool killed = false;  ///< still running at the deadline: a hang
    nlohmann::json doc() const { return nlohmann::json::parse(out); }  // exactly one document
};

using smp::test::TempDir;

inline std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

using Environment = std::vector<std::pair<std::string, std::string>>;

/// Runs the program at `path` with `args`: stdout through a pipe, stderr to a file in `dir`.
/// SMP_CONN is unset so only --conn counts; `env` is set on top. A run still going after
/// `deadline` is killed. A run ended by a signal has code 128 + the signal, as in a shell.
inline RunResult run_program(const std::string& path, const std::vector<std::string>& args,
                             const fs::path& dir,
                             std::chrono::seconds deadline = std::chrono::seconds(120),
                             const Environment& env = {}) {
    const auto err_path = dir / "stderr.txt";
    std::vector<std::string> argv{path};
    argv.insert(argv.end(), args.begin(), args.end());
    smp::test::ChildProcess child(
        argv, {.stderr_file = err_path, .unset_env = {"SMP_CONN"}, .set_env = env});
    RunResult result;
    result.out = child.read_all(deadline, result.killed);
    result.code = child.wait();
    result.err = read_file(err_path);
    return result;
}

#ifdef SMPCTL_PATH
/// Runs smpctl (see run_program).
inline RunResult run_smpctl(const std::vector<std::string>& args, const fs::path& dir,
                            std::chrono::seconds deadline = std::chrono::seconds(120),
                            const Environment& env = {}) {
    return run_program(SMPCTL_PATH, args, dir, deadline, env);
}
#endif

}  // namespace smpctl_test
