// SPDX-License-Identifier: Apache-2.0
#pragma once
// SMP over DTLS 1.2 (Zephyr 4.3+ CONFIG_MCUMGR_TRANSPORT_UDP_DTLS): the device as DTLS server
// on mbedTLS, one session per client address, no plain UDP served on the socket. Records
// cross the emulated link (loss, reordering, latency); their plaintext goes to the device.
// Sessions live in the device's RAM: a reset loses them all, as does the session timeout.
#include "dtls_server_config.hpp"
#include "runner.hpp"

#include <map>
#include <memory>
#include <string>

namespace smpsim {

class DtlsEndpoint {
  public:
    DtlsEndpoint(asio::io_context& io, Runner& runner, const asio::ip::udp::endpoint& bind,
                 const DtlsServerOptions& options);
    ~DtlsEndpoint();
    /// "127.0.0.1:1337" or "[::1]:1337" with the real port (after binding port 0).
    std::string address() const;
    void start();

    struct Session;

  private:
    void receive();
    void arrived(const asio::ip::udp::endpoint& from, smp::Bytes datagram);
    std::shared_ptr<Session> session_for(const asio::ip::udp::endpoint& from,
                                         const smp::Bytes& first);
    void drive(const std::shared_ptr<Session>& session);
    void read_messages(const std::shared_ptr<Session>& session);
    void drop(const asio::ip::udp::endpoint& peer, const std::string& why);
    void touch(const std::shared_ptr<Session>& session);

    asio::io_context& io_;
    Runner& runner_;
    DtlsServerOptions options_;
    DtlsServerConfig config_;
    asio::ip::udp::socket socket_;
    asio::ip::udp::endpoint sender_{};
    std::vector<std::uint8_t> buffer_;
    std::map<asio::ip::udp::endpoint, std::shared_ptr<Session>> sessions_;
};

}  // namespace smpsim
