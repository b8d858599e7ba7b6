// SPDX-License-Identifier: Apache-2.0
// smpsim's DTLS endpoint (see dtls_endpoint.hpp).
#include "dtls_endpoint.hpp"
#include "host_port.hpp"

#include <algorithm>
#include <cstring>
#include <deque>
#include <iostream>

namespace smpsim {

// One client's DTLS session: mbedTLS reads the datagrams queued here and writes through the
// endpoint; its handshake timers are an Asio timer.
struct DtlsEndpoint::Session {
    explicit Session(asio::io_context& io, asio::ip::udp::endpoint from)
        : peer(std::move(from)), retransmit(io), idle(io) {
        mbedtls_ssl_init(&ssl);
    }
    ~Session() { mbedtls_ssl_free(&ssl); }
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    asio::ip::udp::endpoint peer;
    mbedtls_ssl_context ssl{};
    std::deque<smp::Bytes> in{};
    std::function<void(smp::Bytes)> send{};
    bool established = false;
    bool gone = false;
    // mbedtls_ssl_set_timer_cb's two delays (RFC 6347 4.2.4 retransmission), from `armed`.
    std::chrono::steady_clock::time_point armed{};
    std::uint32_t intermediate_ms = 0;
    std::uint32_t final_ms = 0;
    asio::steady_timer retransmit;
    asio::steady_timer idle;
};

namespace {

using Session = DtlsEndpoint::Session;

int send_record(void* context, const unsigned char* data, std::size_t size) {
    auto& s = *static_cast<Session*>(context);
    s.send(smp::Bytes(data, data + size));
    return static_cast<int>(size);
}

int read_record(void* context, unsigned char* data, std::size_t size) {
    auto& s = *static_cast<Session*>(context);
    if (s.in.empty())
        return MBEDTLS_ERR_SSL_WANT_READ;
    const auto n = std::min(size, s.in.front().size());
    std::memcpy(data, s.in.front().data(), n);
    s.in.pop_front();
    return static_cast<int>(n);
}

// mbedtls_timing_get_delay's contract: -1 cancelled, 0 none passed, 1 the intermediate, 2 the
// final delay passed.
int timer_state(void* context) {
    const auto& s = *static_cast<Session*>(context);
    if (s.final_ms == 0)
        return -1;
    const auto elapsed = std::chrono::steady_clock::now() - s.armed;
    if (elapsed >= std::chrono::milliseconds(s.final_ms))
        return 2;
    return elapsed >= std::chrono::milliseconds(s.intermediate_ms) ? 1 : 0;
}

// A DTLS record starts with a content type (20 change_cipher_spec to 23 application_data,
// 24 heartbeat, 25 tls12_cid) and the version's major byte 254 (DTLS 1.x, RFC 6347 4.1).
bool looks_like_dtls(const smp::Bytes& d) {
    return d.size() >= 13 && d[0] >= 20 && d[0] <= 25 && d[1] == 254;
}

// Only a ClientHello starts a session: a handshake record (22) whose 13-byte record header is
// followed by handshake type 1 (RFC 6347 4.1, 4.2.2).
bool is_client_hello(const smp::Bytes& d) {
    return looks_like_dtls(d) && d.size() > 13 && d[0] == 22 && d[13] == 1;
}

std::string name(const asio::ip::udp::endpoint& ep) {
    return endpoint_text(ep);
}

}  // namespace

DtlsEndpoint::DtlsEndpoint(asio::io_context& io, Runner& runner,
                           const asio::ip::udp::endpoint& bind, const DtlsServerOptions& options)
    : io_(io),
      runner_(runner),
      options_(options),
      config_(options),
      socket_(io),
      buffer_(runner.device().config().udp_mtu) {
    bind_udp(socket_, bind);
    runner_.on_reset([this] {
        if (!sessions_.empty())
            std::cerr << "smpsim: dtls: reset: " << sessions_.size() << " session(s) lost\n";
        for (auto& [peer, s] : sessions_)
            s->gone = true;
        sessions_.clear();
    });
}

DtlsEndpoint::~DtlsEndpoint() = default;

std::string DtlsEndpoint::address() const {
    return name(socket_.local_endpoint());
}

void DtlsEndpoint::start() {
    receive();
}

// Datagrams longer than CONFIG_MCUMGR_TRANSPORT_UDP_MTU are cut, as the device reads them: a
// record that does not fit then fails its integrity check and is dropped.
void DtlsEndpoint::receive() {
    socket_.async_receive_from(
        asio::buffer(buffer_), sender_, [this](const asio::error_code& ec, std::size_t n) {
            if (ec == asio::error::operation_aborted)
                return;
            if (!ec) {
                smp::Bytes datagram(buffer_.begin(),
                                    buffer_.begin() + static_cast<std::ptrdiff_t>(n));
                runner_.carry_in(std::move(datagram), [this, from = sender_](smp::Bytes d) {
                    arrived(from, std::move(d));
                });
            }
            receive();
        });
}

void DtlsEndpoint::arrived(const asio::ip::udp::endpoint& from, smp::Bytes datagram) {
    auto session = session_for(from, datagram);
    if (!session)
        return;
    session->in.push_back(std::move(datagram));
    touch(session);
    drive(session);
}

std::shared_ptr<Session> DtlsEndpoint::session_for(const asio::ip::udp::endpoint& from,
                                                   const smp::Bytes& first) {
    if (const auto it = sessions_.find(from); it != sessions_.end())
        return it->second;
    if (!looks_like_dtls(first)) {
        std::cerr << "smpsim: dtls: a " << first.size() << "-byte datagram from " << name(from)
                  << " is no DTLS record (plain SMP over UDP? only DTLS is served), dropped\n";
        return nullptr;
    }
    if (!is_client_hello(first)) {
        std::cerr << "smpsim: dtls: a record from " << name(from)
                  << " without a session (lost at a reset or its timeout), dropped\n";
        return nullptr;
    }
    if (sessions_.size() >= options_.max_clients) {
        std::cerr << "smpsim: dtls: " << sessions_.size() << " sessions already, " << name(from)
                  << " ignored\n";
        return nullptr;
    }
    auto s = std::make_shared<Session>(io_, from);
    if (const int rc = mbedtls_ssl_setup(&s->ssl, config_.get()); rc != 0) {
        std::cerr << "smpsim: dtls: session setup: " << mbedtls_message(rc) << "\n";
        return nullptr;
    }
    // The client's address and port identify it for the HelloVerifyRequest cookie.
    const std::string id = name(from);
    mbedtls_ssl_set_client_transport_id(&s->ssl, reinterpret_cast<const unsigned char*>(id.data()),
                                        id.size());
    mbedtls_ssl_set_bio(&s->ssl, s.get(), send_record, read_record, nullptr);
    std::weak_ptr<Session> weak = s;
    mbedtls_ssl_set_timer_cb(
        &s->ssl, s.get(),
        [](void* context, std::uint32_t intermediate, std::uint32_t final) {
            auto& session = *static_cast<Session*>(context);
            session.armed = std::chrono::steady_clock::now();
            session.intermediate_ms = intermediate;
            session.final_ms = final;
            session.retransmit.cancel();
        },
        timer_state);
    s->send = [this, weak](smp::Bytes record) {
        const auto session = weak.lock();
        if (!session || session->gone)
            return;
        runner_.carry_out(std::move(record), [this, peer = session->peer](smp::Bytes d) {
            auto data = std::make_shared<smp::Bytes>(std::move(d));
            socket_.async_send_to(asio::buffer(*data), peer,
                                  [data](const asio::error_code&, std::size_t) {});
        });
    };
    sessions_.emplace(from, s);
    return s;
}

// Runs the handshake (or reads records) as far as the queued datagrams go, and arms the
// retransmission timer mbedTLS asked for.
void DtlsEndpoint::drive(const std::shared_ptr<Session>& s) {
    if (s->gone)
        return;
    if (s->established) {
        read_messages(s);
        return;
    }
    const int rc = mbedtls_ssl_handshake(&s->ssl);
    if (rc == MBEDTLS_ERR_SSL_HELLO_VERIFY_REQUIRED) {
        // The cookie was sent; the client's second ClientHello starts a fresh session.
        drop(s->peer, {});
        return;
    }
    if (rc == 0) {
        s->established = true;
        std::cerr << "smpsim: dtls: session with " << name(s->peer) << " established ("
                  << mbedtls_ssl_get_ciphersuite(&s->ssl) << ")\n";
        read_messages(s);
        return;
    }
    if (rc != MBEDTLS_ERR_SSL_WANT_READ && rc != MBEDTLS_ERR_SSL_WANT_WRITE) {
        // mbedTLS 2.28 pends the fatal alert of a failed step and sends it at the start of the
        // next one: one more step tells the client why (no certificate, no common suite...).
        (void)mbedtls_ssl_handshake(&s->ssl);
        drop(s->peer, "handshake failed: " + mbedtls_message(rc));
        return;
    }
    if (s->final_ms == 0)
        return;
    s->retransmit.expires_at(s->armed + std::chrono::milliseconds(s->final_ms));
    s->retransmit.async_wait([this, weak = std::weak_ptr<Session>(s)](const asio::error_code& ec) {
        if (const auto session = weak.lock(); !ec && session)
            drive(session);
    });
}

void DtlsEndpoint::read_messages(const std::shared_ptr<Session>& s) {
    for (;;) {
        std::vector<unsigned char> plain(runner_.device().config().udp_mtu);
        const int rc = mbedtls_ssl_read(&s->ssl, plain.data(), plain.size());
        if (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE)
            return;
        if (rc == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) {
            drop(s->peer, "closed by the client (close_notify)");
            return;
        }
        if (rc == MBEDTLS_ERR_SSL_CLIENT_RECONNECT) {  // a new ClientHello from the same port
            s->established = false;
            drive(s);
            return;
        }
        if (rc < 0) {
            drop(s->peer, "ended: " + mbedtls_message(rc));
            return;
        }
        if (rc == 0)
            continue;
        plain.resize(static_cast<std::size_t>(rc));
        std::weak_ptr<Session> weak = s;
        runner_.handle(plain, runner_.device().buf_size(), [weak](smp::Bytes response) {
            const auto session = weak.lock();
            if (!session || session->gone)
                return;  // the session ended (reset, timeout) while the device worked
            mbedtls_ssl_write(&session->ssl, response.data(), response.size());
        });
    }
}

// The session timeout: an idle session is forgotten without a word, as a device's socket
// layer does, so the client's next record finds no session.
void DtlsEndpoint::touch(const std::shared_ptr<Session>& s) {
    s->idle.expires_after(options_.session_timeout);
    s->idle.async_wait([this, weak = std::weak_ptr<Session>(s)](const asio::error_code& ec) {
        if (const auto session = weak.lock(); !ec && session)
            drop(session->peer, "idle for " + std::to_string(options_.session_timeout.count()) +
                                    " ms (session timeout)");
    });
}

void DtlsEndpoint::drop(const asio::ip::udp::endpoint& peer, const std::string& why) {
    const auto it = sessions_.find(peer);
    if (it == sessions_.end())
        return;
    if (!why.empty())
        std::cerr << "smpsim: dtls: session with " << name(peer) << " " << why << "\n";
    it->second->gone = true;
    it->second->retransmit.cancel();
    it->second->idle.cancel();
    sessions_.erase(it);
}

}  // namespace smpsim
