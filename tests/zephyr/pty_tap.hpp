// SPDX-License-Identifier: Apache-2.0
#pragma once
// A wire tap between a client and a native_sim UART: a new pseudo-terminal whose slave the
// client opens as its serial port, and a thread that copies every byte between it and the
// server's PTY unchanged, counting both directions. It lets a test check the bytes a message
// really puts on the wire (the seed's "about 1.37x buf_size encoded").
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

namespace smp_zephyr {

class PtyTap {
  public:
    /// Opens the server's PTY `device` (raw mode) and a new PTY pair. Errors: runtime_error.
    explicit PtyTap(const std::string& device);
    /// The same over a TCP UART (QEMU's serial socket on 127.0.0.1:`port`): a tty for a
    /// client that only opens serial devices, as `socat PTY TCP` would give. One connection
    /// is held for the tap's life, so clients may come and go (QEMU takes one at a time).
    static std::unique_ptr<PtyTap> to_tcp(std::uint16_t port);
    ~PtyTap();
    PtyTap(const PtyTap&) = delete;
    PtyTap& operator=(const PtyTap&) = delete;

    /// The tty a client opens in place of the device's.
    const std::string& path() const { return client_path_; }
    std::size_t bytes_to_device() const { return to_device_.load(); }
    std::size_t bytes_from_device() const { return from_device_.load(); }
    void reset_counts() {
        to_device_ = 0;
        from_device_ = 0;
    }

  private:
    PtyTap(int device_fd, const std::string& what);
    void pump();
    void close_all();

    int device_fd_ = -1;
    int master_fd_ = -1;
    int client_keepalive_fd_ = -1;  // keeps the slave open between client sessions
    int stop_pipe_[2] = {-1, -1};
    std::string client_path_{};
    std::atomic<std::size_t> to_device_{0};
    std::atomic<std::size_t> from_device_{0};
    std::thread thread_{};
};

}  // namespace smp_zephyr
