// SPDX-License-Identifier: Apache-2.0
#include "zephyr_server.hpp"

#include "support/temp_dir.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

namespace smp_zephyr {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

constexpr const char* log_name = "server.log";

std::vector<std::string> split_words(const std::string& line) {
    std::istringstream in(line);
    return {std::istream_iterator<std::string>(in), {}};
}

// native_sim prints this once its UART is a host PTY; the UDP builds log the second line when
// their socket is bound (the UDP builds have a console PTY as well, so the line depends on
// the transport).
const std::regex pty_ready(R"(connected to pseudotty: (\S+))");
const std::regex udp_ready(R"(smp_udp: Started)");

bool tcp_accepts(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return false;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return ok;
}

}  // namespace

std::uint16_t free_tcp_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
        if (fd >= 0)
            ::close(fd);
        throw std::runtime_error("no free TCP port on 127.0.0.1");
    }
    ::close(fd);
    return ntohs(address.sin_port);
}

ZephyrServer::ZephyrServer(const FixtureSpec& spec, std::chrono::seconds ready_timeout)
    : spec_(spec), workdir_(smp::test::make_temp_dir("smp-zephyr-" + spec.config + "-")) {
    try {
        catalog().copy_verified(spec_, workdir_);
        if (spec_.emulated()) {
            endpoint_ = {Endpoint::Kind::tcp, "127.0.0.1", free_tcp_port()};
            std::string command = *spec_.qemu_cmd;
            command.replace(command.find("<PORT>"), 6, std::to_string(endpoint_.port));
            launch(command);
        } else {
            // 32-bit x86 programs: this kernel runs them only through qemu-user.
            launch("qemu-i386 " + spec_.run.value());
        }
        wait_until_reachable(ready_timeout);
    } catch (...) {
        stop();
        smp::test::remove_temp_dir(workdir_);
        throw;
    }
}

ZephyrServer::~ZephyrServer() {
    stop();
    smp::test::remove_temp_dir(workdir_);
}

// The server's flash.bin and log stay in its private directory. Its output goes to a file,
// not a pipe: nobody has to drain it for the server to go on logging.
void ZephyrServer::launch(const std::string& command_line) {
    process_ = std::make_unique<smp::test::ChildProcess>(
        split_words(command_line), smp::test::ChildOptions{.stdout_file = workdir_ / log_name,
                                                           .stderr_to_stdout = true,
                                                           .stdin_from_null = true,
                                                           .workdir = workdir_,
                                                           .search_path = true});
}

std::string ZephyrServer::output() const {
    std::ifstream in(workdir_ / log_name, std::ios::binary);
    std::string text{std::istreambuf_iterator<char>(in), {}};
    static const std::regex ansi("\x1b\\[[0-9;]*m");
    return std::regex_replace(text, ansi, "");
}

bool ZephyrServer::reachable() {
    if (endpoint_.kind == Endpoint::Kind::tcp)
        return tcp_accepts(endpoint_.port);
    const auto text = output();
    std::smatch match;
    if (spec_.transport == "udp") {
        if (!std::regex_search(text, udp_ready))
            return false;
        endpoint_ = {Endpoint::Kind::udp, spec_.ip_family == "ipv6" ? "::1" : "127.0.0.1",
                     spec_.udp_port.value_or(1337)};
        return true;
    }
    if (!std::regex_search(text, match, pty_ready))
        return false;
    endpoint_ = {Endpoint::Kind::pty, match[1].str(), 0};
    return true;
}

void ZephyrServer::wait_until_reachable(std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!reachable()) {
        if (const auto status = process_->exited())
            fail("exited (status " + std::to_string(*status) + ") before it was reachable");
        if (std::chrono::steady_clock::now() > deadline)
            fail("was not reachable within " + std::to_string(timeout.count()) + " s");
        std::this_thread::sleep_for(20ms);
    }
}

void ZephyrServer::fail(const std::string& what) {
    throw std::runtime_error("fixture " + spec_.config + " " + what + "; its output:\n" + output());
}

void ZephyrServer::stop() {
    // native_sim may go on a moment after SIGTERM: wait for it, then make sure.
    if (process_)
        process_->stop(5s);
}

}  // namespace smp_zephyr
