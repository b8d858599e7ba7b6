// SPDX-License-Identifier: Apache-2.0
#pragma once
// Starts the real smpsim executable, reads its JSON ready lines, stops it with SIGTERM.
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>
#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

namespace smp_it {

class SmpsimProcess {
  public:
    /// Runs smpsim with `args`; waits for `endpoints` ready lines.
    SmpsimProcess(std::vector<std::string> args, std::size_t endpoints) {
        int out[2];
        if (::pipe(out) != 0)
            throw std::runtime_error("pipe");
        pid_ = ::fork();
        if (pid_ == 0) {
            ::dup2(out[1], STDOUT_FILENO);
            ::close(out[0]);
            ::close(out[1]);
            std::vector<char*> argv;
            std::string path = SMPSIM_PATH;
            argv.push_back(path.data());
            for (auto& a : args)
                argv.push_back(a.data());
            argv.push_back(nullptr);
            ::execv(path.c_str(), argv.data());
            ::_exit(127);
        }
        ::close(out[1]);
        stdout_ = ::fdopen(out[0], "r");
        for (std::size_t i = 0; i < endpoints; ++i) {
            char line[512];
            if (std::fgets(line, sizeof line, stdout_) == nullptr)
                throw std::runtime_error("smpsim exited before it was ready");
            ready.push_back(nlohmann::json::parse(line));
        }
    }
    ~SmpsimProcess() { stop(); }

    /// SIGTERM and wait; the exit status (0 = clean).
    int stop() {
        if (pid_ <= 0)
            return status_;
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
        if (stdout_)
            std::fclose(stdout_);
        stdout_ = nullptr;
        status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return status_;
    }

    std::vector<nlohmann::json> ready;

  private:
    pid_t pid_ = -1;
    std::FILE* stdout_ = nullptr;
    int status_ = -1;
};

}  // namespace smp_it
