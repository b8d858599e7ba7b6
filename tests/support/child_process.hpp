// SPDX-License-Identifier: Apache-2.0
#pragma once
// A program the tests run as a real process (smpsim, smpctl, the fake BlueZ, dbus-daemon, a
// Zephyr native_sim build): fork and exec with its outputs where the test wants them, its
// stdout read line by line or to the end, and stopped (SIGTERM, then SIGKILL past a grace
// time) and reaped at the latest on destruction. POSIX only.
#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace smp::test {

struct ChildOptions {
    /// stdout through a pipe the test reads (read_line, read_all); false: inherited.
    bool pipe_stdout = true;
    /// stdout to this file instead (created or truncated); overrides pipe_stdout.
    std::filesystem::path stdout_file{};
    /// stderr to this file (created or truncated); empty: inherited, unless stderr_to_null.
    std::filesystem::path stderr_file{};
    bool stderr_to_null = false;
    bool stderr_to_stdout = false;  ///< both into one log (stdout_file)
    bool stdin_from_null = false;
    /// The child's working directory; empty: the test's.
    std::filesystem::path workdir{};
    /// Look the program up in PATH (execvp) rather than take argv[0] as a path.
    bool search_path = false;
    /// SIGTERM to the child when the thread that started it ends: no orphans when a test
    /// program is killed. Only for children started from a thread that outlives them.
    bool die_with_parent = false;
    /// Environment changes in the child: unset these, then set these.
    std::vector<std::string> unset_env{};
    std::vector<std::pair<std::string, std::string>> set_env{};
};

/// The exit status as a shell reports it: the exit code, or 128 + the signal.
inline int shell_status(int wait_status) {
    return WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128 + WTERMSIG(wait_status);
}

class ChildProcess {
  public:
    explicit ChildProcess(std::vector<std::string> argv, ChildOptions options = {})
        : name_(argv.at(0)) {
        int out[2] = {-1, -1};
        const bool pipe_out = options.pipe_stdout && options.stdout_file.empty();
        if (pipe_out && ::pipe2(out, O_CLOEXEC) != 0)
            throw std::runtime_error("pipe failed for " + name_);
        pid_ = ::fork();
        if (pid_ < 0)
            throw std::runtime_error("fork failed for " + name_);
        if (pid_ == 0)
            exec_child(argv, options, out[1]);  // does not return
        if (pipe_out) {
            ::close(out[1]);
            stdout_ = ::fdopen(out[0], "r");
        }
    }
    ~ChildProcess() { stop(); }
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    pid_t pid() const { return pid_; }

    /// The next stdout line without its line end; throws when the child closes stdout first.
    std::string read_line(const std::string& what = {}) {
        char line[1024];
        if (stdout_ == nullptr || std::fgets(line, sizeof line, stdout_) == nullptr)
            throw std::runtime_error((what.empty() ? name_ : what) + " exited before it was ready");
        std::string text(line);
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
            text.pop_back();
        return text;
    }

    /// Reads stdout until the child closes it, or until `deadline` has passed: then the child
    /// is killed (SIGKILL) and `killed` set. Returns what was read.
    std::string read_all(std::chrono::milliseconds deadline, bool& killed) {
        std::string text;
        killed = false;
        const int fd = ::fileno(stdout_);
        const auto until = std::chrono::steady_clock::now() + deadline;
        char buffer[4096];
        for (;;) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                until - std::chrono::steady_clock::now());
            pollfd p{fd, POLLIN, 0};
            if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) == 0) {
                ::kill(pid_, SIGKILL);
                killed = true;
                break;
            }
            const auto n = ::read(fd, buffer, sizeof buffer);
            if (n <= 0)
                break;
            text.append(buffer, static_cast<std::size_t>(n));
        }
        return text;
    }

    /// The exit status (shell_status) when the child has ended, without waiting.
    std::optional<int> exited() {
        if (pid_ <= 0)
            return status_;
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) != pid_)
            return std::nullopt;
        pid_ = -1;
        status_ = shell_status(status);
        return status_;
    }

    /// Waits for the child to end by itself; its exit status (shell_status).
    int wait() {
        if (pid_ > 0) {
            int status = 0;
            ::waitpid(pid_, &status, 0);
            pid_ = -1;
            status_ = shell_status(status);
        }
        close_stdout();
        return status_.value_or(-1);
    }

    /// Sends SIGTERM and waits; past `grace` (if given) SIGKILL. The exit status (0 = clean).
    int stop(std::optional<std::chrono::milliseconds> grace = std::nullopt) {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            if (grace) {
                const auto deadline = std::chrono::steady_clock::now() + *grace;
                while (!exited() && std::chrono::steady_clock::now() < deadline)
                    std::this_thread::sleep_for(std::chrono::milliseconds(10));
                if (pid_ > 0)
                    ::kill(pid_, SIGKILL);
            }
        }
        return wait();
    }

  private:
    [[noreturn]] static void exec_child(std::vector<std::string>& argv, const ChildOptions& options,
                                        int out) {
        if (options.die_with_parent)
            ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (!options.workdir.empty() && ::chdir(options.workdir.c_str()) != 0)
            ::_exit(126);
        if (options.stdin_from_null)
            redirect("/dev/null", O_RDONLY, STDIN_FILENO);
        if (!options.stdout_file.empty())
            redirect(options.stdout_file, O_WRONLY | O_CREAT | O_TRUNC, STDOUT_FILENO);
        else if (out >= 0)
            ::dup2(out, STDOUT_FILENO);
        if (!options.stderr_file.empty())
            redirect(options.stderr_file, O_WRONLY | O_CREAT | O_TRUNC, STDERR_FILENO);
        else if (options.stderr_to_stdout)
            ::dup2(STDOUT_FILENO, STDERR_FILENO);
        else if (options.stderr_to_null)
            redirect("/dev/null", O_WRONLY, STDERR_FILENO);
        for (const auto& name : options.unset_env)
            ::unsetenv(name.c_str());
        for (const auto& [name, value] : options.set_env)
            ::setenv(name.c_str(), value.c_str(), 1);
        std::vector<char*> args;
        for (auto& a : argv)
            args.push_back(a.data());
        args.push_back(nullptr);
        if (options.search_path)
            ::execvp(args[0], args.data());
        else
            ::execv(args[0], args.data());
        ::_exit(127);
    }

    static void redirect(const std::filesystem::path& path, int flags, int target) {
        const int fd = ::open(path.c_str(), flags, 0644);
        if (fd >= 0) {
            ::dup2(fd, target);
            ::close(fd);
        }
    }

    void close_stdout() {
        if (stdout_ != nullptr)
            std::fclose(stdout_);
        stdout_ = nullptr;
    }

    std::string name_;
    pid_t pid_ = -1;
    std::FILE* stdout_ = nullptr;
    std::optional<int> status_{};
};

}  // namespace smp::test
