// SPDX-License-Identifier: Apache-2.0
// The real smpsim over a pseudo-terminal and over a TCP serial socket, console framing.
#include "serial_fd.hpp"
#include "smpsim_process.hpp"

#include <smp/protocol/cbor.hpp>
#include <smp/protocol/messages/os.hpp>
#include <smp/protocol/serial/decoder.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <termios.h>

namespace {

using namespace smp_it;

// One console-framed message from `fd`, or nullopt after the timeout.
std::optional<smp::Bytes> read_message(int fd, int timeout_ms = 3000) {
    smp::serial::Decoder decoder;
    return read_serial_message(fd, decoder, timeout_ms);
}

void write_all(int fd, const smp::Bytes& data) {
    ASSERT_EQ(::write(fd, data.data(), data.size()), static_cast<ssize_t>(data.size()));
}

smp::Bytes frames_of(const smp::Bytes& message) {
    return smp::serial::encode_frame(message).value();
}

std::string echo_of(const smp::Bytes& message) {
    auto r = smp::decode_response<smp::os::EchoResponse>(smp::decode_message(message)->payload);
    return r ? r->r : "<error>";
}

TEST(SmpsimPty, EchoOverConsoleFramingAndLongLinesDiscarded) {
    SmpsimProcess sim({"--pty"}, 1);
    ASSERT_EQ(sim.ready[0]["transport"], "pty");
    const int fd = ::open(sim.ready[0]["path"].get<std::string>().c_str(), O_RDWR | O_NOCTTY);
    ASSERT_GE(fd, 0);
    termios tio{};
    ::tcgetattr(fd, &tio);
    ::cfmakeraw(&tio);
    ::tcsetattr(fd, TCSANOW, &tio);

    write_all(fd, frames_of(smp::encode_request(smp::os::Echo{.d = "pty"}, 1)));
    auto reply = read_message(fd);
    ASSERT_TRUE(reply);
    EXPECT_EQ(echo_of(*reply), "pty");

    // A valid frame cut into lines longer than 128 bytes is discarded by the device (Zephyr's
    // 128-byte line buffer): no answer to sequence 9.
    const std::string big(200, 'z');
    write_all(
        fd,
        smp::serial::encode_frame(smp::encode_request(smp::os::Echo{.d = big}, 9), 250).value());
    // A multi-frame request (each line <= 127 bytes) still works afterwards.
    write_all(fd, frames_of(smp::encode_request(smp::os::Echo{.d = big}, 2)));
    reply = read_message(fd);
    ASSERT_TRUE(reply);
    EXPECT_EQ(smp::decode_message(*reply)->header.sequence, 2);
    EXPECT_EQ(echo_of(*reply), big);
    ::close(fd);
    EXPECT_EQ(sim.stop(), 0);
}

TEST(SmpsimTcpSerial, EchoOverTcpSocket) {
    SmpsimProcess sim({"--tcp", "127.0.0.1:0"}, 1);
    ASSERT_EQ(sim.ready[0]["transport"], "tcp");
    const auto address = sim.ready[0]["address"].get<std::string>();
    const auto port = static_cast<std::uint16_t>(std::stoi(address.substr(address.rfind(':') + 1)));
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    // Console noise before the frame is ignored.
    smp::Bytes data{'b', 'o', 'o', 't', '\n'};
    auto frames = frames_of(smp::encode_request(smp::os::Echo{.d = "tcp"}, 5));
    data.insert(data.end(), frames.begin(), frames.end());
    write_all(fd, data);
    auto reply = read_message(fd);
    ASSERT_TRUE(reply);
    EXPECT_EQ(echo_of(*reply), "tcp");
    ::close(fd);
}

}  // namespace
