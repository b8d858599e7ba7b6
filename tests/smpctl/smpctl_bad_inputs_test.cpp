// SPDX-License-Identifier: Apache-2.0
// Bad inputs at the edge of the tool (docs/bad-inputs.md): each one must end smpctl with a
// clear error and its exit code, in bounded time, without touching the device's slots.
// smpctl runs as a real process; serial devices are real pseudo-terminals.
#include "integration/smpsim_process.hpp"
#include "smpctl/smpctl_process.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono_literals;
using namespace smpctl_test;

std::string serial_uri(const std::string& path) {
    return "serial://" + path + "?baud=115200&flow=none";
}

// A pseudo-terminal whose far end is the test: what smpctl sees as a serial port.
class Pty {
  public:
    Pty() {
        master = ::posix_openpt(O_RDWR | O_NOCTTY);
        if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0)
            throw std::runtime_error("posix_openpt");
        path = ::ptsname(master);
        // Keep the slave open so the master never reads EIO between smpctl's opens.
        keepalive_ = ::open(path.c_str(), O_RDWR | O_NOCTTY);
        termios tio{};
        ::tcgetattr(keepalive_, &tio);
        ::cfmakeraw(&tio);
        ::tcsetattr(keepalive_, TCSANOW, &tio);
    }
    ~Pty() {
        ::close(keepalive_);
        ::close(master);
    }
    int master = -1;
    std::string path;

  private:
    int keepalive_ = -1;
};

// What a receiver set to the wrong baud rate reads: bytes with no framing at all. Each
// request is answered with a burst of them (deterministic, so a failure reproduces).
class WrongBaudDevice {
  public:
    explicit WrongBaudDevice(Pty& pty) : pty_(pty), thread_([this] { run(); }) {}
    ~WrongBaudDevice() {
        stop_ = true;
        thread_.join();
    }
    std::size_t garbage_sent() const { return sent_; }

  private:
    void run() {
        std::uint32_t x = 12345;
        std::uint8_t in[512];
        while (!stop_) {
            pollfd p{pty_.master, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0)
                continue;
            if (::read(pty_.master, in, sizeof in) <= 0)
                continue;
            std::uint8_t out[300];
            for (auto& b : out) {
                x = x * 1103515245u + 12345u;
                b = static_cast<std::uint8_t>(x >> 16);
            }
            if (::write(pty_.master, out, sizeof out) > 0)
                sent_ += sizeof out;
        }
    }
    Pty& pty_;
    std::atomic<bool> stop_ = false;
    std::atomic<std::size_t> sent_ = 0;
    std::thread thread_;
};

TEST(SmpctlBadInputs, WrongBaudRateGarbageEndsInATimeoutNotAHang) {
    TempDir tmp;
    Pty pty;
    WrongBaudDevice device(pty);
    const auto r = run_smpctl(
        {"--conn", serial_uri(pty.path), "--timeout", "0.5", "os", "echo", "hi"}, tmp.path);
    ASSERT_FALSE(r.killed) << "smpctl hung on a line of garbage";
    EXPECT_GT(device.garbage_sent(), 0u);
    EXPECT_EQ(r.code, 4) << r.err;  // timeout: nothing decodable ever came back
    EXPECT_NE(r.err.find("timeout"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(pty.path), std::string::npos) << r.err;
}

TEST(SmpctlBadInputs, NonexistentSerialDeviceIsATransportErrorNamingThePath) {
    TempDir tmp;
    const std::string path = (tmp.path / "ttyNOPE0").string();
    const auto r = run_smpctl({"--conn", serial_uri(path), "os", "echo", "hi"}, tmp.path);
    ASSERT_FALSE(r.killed);
    EXPECT_EQ(r.code, 5) << r.err;
    EXPECT_NE(r.err.find(path), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("No such file or directory"), std::string::npos) << r.err;
}

TEST(SmpctlBadInputs, BusySerialDeviceIsRefusedUntilItsHolderLetsGo) {
    TempDir tmp;
    smp_it::SmpsimProcess sim({"--pty"}, 1);
    const std::string path = sim.ready[0]["path"].get<std::string>();
    // Another program holds the line the way pyserial (exclusive=True) and picocom do.
    const int holder = ::open(path.c_str(), O_RDWR | O_NOCTTY);
    ASSERT_GE(holder, 0);
    ASSERT_EQ(::flock(holder, LOCK_EX | LOCK_NB), 0);
    auto r = run_smpctl({"--conn", serial_uri(path), "os", "echo", "hi"}, tmp.path);
    ASSERT_FALSE(r.killed);
    EXPECT_EQ(r.code, 5) << r.err;
    EXPECT_NE(r.err.find(path + " is busy"), std::string::npos) << r.err;
    ::close(holder);
    r = run_smpctl({"--conn", serial_uri(path), "os", "echo", "hi"}, tmp.path);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "hi\n");
}

class SmpctlSmallSlot : public ::testing::Test {
  protected:
    void SetUp() override {
        fs::create_directories(tmp_.path / "state");
        sim_ = std::make_unique<smp_it::SmpsimProcess>(
            std::vector<std::string>{"--udp", "127.0.0.1:0", "--state-dir",
                                     (tmp_.path / "state").string(), "--slot-size", "16384"},
            1);
        conn_ = "udp://" + sim_->ready[0]["address"].get<std::string>();
    }
    RunResult ctl(std::vector<std::string> args) {
        args.insert(args.begin(), {"--conn", conn_});
        return run_smpctl(args, tmp_.path);
    }
    std::string make_image(int size) {
        const auto path = (tmp_.path / "big.bin").string();
        const auto r = run_smpctl(
            {"image", "make", "--version", "2.0.0", "--size", std::to_string(size), path},
            tmp_.path);
        EXPECT_EQ(r.code, 0) << r.err;
        return path;
    }
    json image_list() {
        const auto r = ctl({"--json", "image", "list"});
        EXPECT_EQ(r.code, 0) << r.err;
        return json::parse(r.out);
    }

    TempDir tmp_;
    std::unique_ptr<smp_it::SmpsimProcess> sim_;
    std::string conn_;
};

TEST_F(SmpctlSmallSlot, ImageLargerThanTheSlotIsRefusedAndNothingChanges) {
    const auto image = make_image(20000);  // payload alone exceeds the 16 KiB slot
    const json before = image_list();
    for (const char* command : {"upload", "upgrade"}) {
        SCOPED_TRACE(command);
        const auto r = std::string(command) == "upload" ? ctl({"image", "upload", image})
                                                        : ctl({"upgrade", image});
        ASSERT_FALSE(r.killed);
        EXPECT_NE(r.code, 0);
        EXPECT_TRUE(r.code == 3 || r.code == 6) << r.code << ": " << r.err;
        EXPECT_NE(r.err.find("too large"), std::string::npos) << r.err;
        EXPECT_EQ(image_list(), before);
    }
}

}  // namespace
