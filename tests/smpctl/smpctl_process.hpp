// SPDX-License-Identifier: Apache-2.0
#pragma once
// smpctl (or another program) as a real process for the end-to-end tests: a scratch directory,
// and a run with its stdout, stderr and exit code, killed (and reported as a hang) past a
// deadline.
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace smpctl_test {

namespace fs = std::filesystem;

struct RunResult {
    int code = -1;
    std::string out;
    std::string err;
    bool killed = false;  ///< still running at the deadline: a hang
    nlohmann::json doc() const { return nlohmann::json::parse(out); }  // exactly one document
};

class TempDir {
  public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "smpctl-test-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr)
            throw std::runtime_error("mkdtemp");
        path = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    fs::path path;
};

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
    int out[2];
    if (::pipe(out) != 0)
        throw std::runtime_error("pipe");
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::unsetenv("SMP_CONN");
        for (const auto& [name, value] : env)
            ::setenv(name.c_str(), value.c_str(), 1);
        ::dup2(out[1], STDOUT_FILENO);
        const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        ::dup2(err, STDERR_FILENO);
        ::close(out[0]);
        ::close(out[1]);
        std::vector<std::string> copy = args;
        std::string program = path;
        std::vector<char*> argv{program.data()};
        for (auto& a : copy)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execv(program.c_str(), argv.data());
        ::_exit(127);
    }
    ::close(out[1]);
    RunResult result;
    const auto until = std::chrono::steady_clock::now() + deadline;
    char buffer[4096];
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            until - std::chrono::steady_clock::now());
        pollfd p{out[0], POLLIN, 0};
        if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) == 0) {
            ::kill(pid, SIGKILL);
            result.killed = true;
            break;
        }
        const auto n = ::read(out[0], buffer, sizeof buffer);
        if (n <= 0)
            break;
        result.out.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(out[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    result.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
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
