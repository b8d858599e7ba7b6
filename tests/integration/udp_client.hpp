// SPDX-License-Identifier: Apache-2.0
#pragma once
// A minimal blocking UDP client for tests (plain sockets; no dependency on our client).
#include <smp/protocol/bytes.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <optional>
#include <stdexcept>
#include <string>

namespace smp_it {

class UdpClient {
  public:
    /// `address` as smpsim prints it: "127.0.0.1:port" or "[::1]:port".
    explicit UdpClient(const std::string& address) {
        const auto colon = address.rfind(':');
        const auto port = static_cast<std::uint16_t>(std::stoi(address.substr(colon + 1)));
        std::string host = address.substr(0, colon);
        if (host.front() == '[') {
            host = host.substr(1, host.size() - 2);
            sockaddr_in6 a{};
            a.sin6_family = AF_INET6;
            a.sin6_port = htons(port);
            ::inet_pton(AF_INET6, host.c_str(), &a.sin6_addr);
            open(AF_INET6, reinterpret_cast<sockaddr*>(&a), sizeof a);
        } else {
            sockaddr_in a{};
            a.sin_family = AF_INET;
            a.sin_port = htons(port);
            ::inet_pton(AF_INET, host.c_str(), &a.sin_addr);
            open(AF_INET, reinterpret_cast<sockaddr*>(&a), sizeof a);
        }
    }
    ~UdpClient() { ::close(fd_); }

    void send(const smp::Bytes& data) { ::send(fd_, data.data(), data.size(), 0); }

    /// The next datagram, or nullopt after `timeout_ms`.
    std::optional<smp::Bytes> receive(int timeout_ms = 5000) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, timeout_ms) <= 0)
            return std::nullopt;
        smp::Bytes buf(65536);
        const auto n = ::recv(fd_, buf.data(), buf.size(), 0);
        if (n < 0)
            return std::nullopt;
        buf.resize(static_cast<std::size_t>(n));
        return buf;
    }

  private:
    void open(int family, sockaddr* addr, socklen_t len) {
        fd_ = ::socket(family, SOCK_DGRAM, 0);
        if (fd_ < 0 || ::connect(fd_, addr, len) != 0)
            throw std::runtime_error("udp connect");
    }
    int fd_ = -1;
};

}  // namespace smp_it
