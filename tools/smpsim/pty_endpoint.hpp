// SPDX-License-Identifier: Apache-2.0
#pragma once
// Serial SMP on a pseudo-terminal, which a client opens like a UART (/dev/pts/N). Linux and
// macOS have PTYs; Windows has none (its ConPTY is a console, not a serial port a client can
// open): there the constructor fails with a message that points to --tcp and --udp.
#include "runner.hpp"

#include <memory>
#include <string>

namespace smpsim {

class PtyEndpoint {
  public:
    /// Throws std::runtime_error when no PTY can be made (and always on Windows).
    PtyEndpoint(asio::io_context& io, Runner& runner, bool raw);
    ~PtyEndpoint();
    PtyEndpoint(const PtyEndpoint&) = delete;
    PtyEndpoint& operator=(const PtyEndpoint&) = delete;

    /// The path a client opens ("/dev/pts/3").
    const std::string& path() const;
    void start();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace smpsim
