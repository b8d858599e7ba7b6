// SPDX-License-Identifier: Apache-2.0
#pragma once
// Starts the real smpsim executable, reads its JSON ready lines, stops it with SIGTERM.
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/child_process.hpp"

namespace smp_it {

class SmpsimProcess {
  public:
    /// Runs smpsim with `args`; waits for `endpoints` ready lines.
    SmpsimProcess(std::vector<std::string> args, std::size_t endpoints)
        : child_(command(std::move(args))) {
        for (std::size_t i = 0; i < endpoints; ++i)
            ready.push_back(nlohmann::json::parse(child_.read_line("smpsim")));
    }

    /// SIGTERM and wait; the exit status (0 = clean).
    int stop() { return child_.stop(); }

    std::vector<nlohmann::json> ready;

  private:
    static std::vector<std::string> command(std::vector<std::string> args) {
        args.insert(args.begin(), SMPSIM_PATH);
        return args;
    }

    smp::test::ChildProcess child_;
};

}  // namespace smp_it
