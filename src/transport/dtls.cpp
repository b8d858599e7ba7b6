// SPDX-License-Identifier: Apache-2.0
// SMP over DTLS (see smp/transport/dtls.hpp): OpenSSL's DTLS state machine on the datagram
// queues of dtls_bio.hpp, the Asio UDP socket and timers moving datagrams and time.
#include <smp/transport/dtls.hpp>

#include <smp/detail/asio_compat.hpp>
#include <smp/protocol/error.hpp>

#include <asio/ip/udp.hpp>
#include <asio/steady_timer.hpp>

#include <openssl/err.h>

#include <algorithm>
#include <optional>

#include "transport/dtls_bio.hpp"
#include "transport/dtls_context.hpp"
#include "transport/transport_result.hpp"
#include "transport/udp_socket.hpp"

namespace smp {
namespace {

using namespace detail::awaitable_operators;
using Clock = std::chrono::steady_clock;

// The largest UDP payload, and so the largest record a datagram carries.
constexpr std::size_t max_datagram = 65507;
// RFC 6347 4.2.4.1: the handshake timer starts at 1 s and doubles on each retransmission.
constexpr unsigned initial_timer_us = 1'000'000;
// Records sent without an answer before silence counts as a lost session (see
// session_presumed_lost): a request and two resends, the client's default retries.
constexpr unsigned min_unanswered_sends = 3;

// RFC 6347 4.2.4.1's timer: 1 s, doubled each time (OpenSSL caps it at 60 s, as the RFC
// allows); the handshake's total time is bounded by DtlsOptions::handshake_timeout.
unsigned int rfc6347_timer(SSL*, unsigned int previous_us) {
    return previous_us == 0 ? initial_timer_us : std::min(previous_us * 2, 60'000'000u);
}

[[noreturn]] void fail(Errc code, std::string text) {
    throw SystemError(Error{make_error_code(code), std::move(text)});
}

class DtlsTransport final : public detail::ThrowingOperations<DtlsTransport> {
  public:
    DtlsTransport(asio::any_io_executor executor, DtlsOptions options)
        : options_(std::move(options)), socket_(executor), resolver_(executor), timer_(executor) {}

    // The operations, throwing on failure; ThrowingOperations turns that into Results.
    asio::awaitable<void> open_link() {
        close();
        co_await connect_socket();
        ctx_ = detail::make_client_context(options_);
        ssl_ = detail::make_client_session(ctx_.get(), options_);
        BIO* bio = detail::make_datagram_bio(queues_);
        SSL_set_bio(ssl_.get(), bio, bio);
        SSL_set_options(ssl_.get(), SSL_OP_NO_QUERY_MTU);
        SSL_set_mtu(ssl_.get(), static_cast<long>(options_.mtu));
        DTLS_set_timer_cb(ssl_.get(), rfc6347_timer);
        co_await handshake();
        if (const auto refused = detail::check_fingerprint(ssl_.get(), options_); !refused.empty())
            fail(Errc::transport_error, "DTLS handshake with " + address() + ": " + refused);
        // What one record carries in a datagram of mtu bytes with this suite's header, explicit
        // IV or nonce, MAC or tag, and padding (OpenSSL's own sum).
        record_payload_ = DTLS_get_data_mtu(ssl_.get());
        open_ = true;
    }

    asio::awaitable<void> send_message(ByteView message) {
        if (!open_)
            fail(Errc::not_connected, "DTLS session to " + address() + " is closed");
        ERR_clear_error();
        if (SSL_write(ssl_.get(), message.data(), static_cast<int>(message.size())) <= 0)
            fail(Errc::not_connected, "DTLS write to " + address() + " failed: " + reason());
        if (!unanswered_since_)
            unanswered_since_ = Clock::now();
        ++unanswered_sends_;
        co_await flush();
    }

    asio::awaitable<Bytes> receive_message() {
        for (;;) {
            if (!open_)
                throw asio::system_error(asio::error::operation_aborted);
            if (auto message = read_record())
                co_return std::move(*message);
            co_await flush();  // a retransmitted final flight, answered by OpenSSL
            if (co_await next_datagram(Clock::now() + options_.lost_after))
                continue;
            if (session_presumed_lost())
                fail(Errc::not_connected,
                     "no DTLS record from " + address() + " for " +
                         std::to_string(options_.lost_after.count()) +
                         " ms after a request: the session is presumed lost (device reset or "
                         "session timeout)");
        }
    }

    // Silence alone is no proof: the first chunk of an upload may wait 20 s for a slot erase.
    // Several records unanswered over lost_after are: the device resent nothing, while a
    // live session answers a resend (or its duplicate) at once.
    bool session_presumed_lost() const {
        return unanswered_sends_ >= min_unanswered_sends && unanswered_since_ &&
               Clock::now() - *unanswered_since_ >= options_.lost_after;
    }

    std::size_t max_message_size() const override {
        const std::size_t link = record_payload_ > 0 ? record_payload_ : options_.mtu;
        return device_buf_size_ ? std::min(link, *device_buf_size_) : link;
    }
    void set_device_buffer_size(std::size_t buf_size) override { device_buf_size_ = buf_size; }

    // close_notify (RFC 6347 4.1.2.7 via RFC 5246 7.2.1) so the device frees the session now
    // rather than at its timeout; sent without waiting, as the socket is closed right after.
    void close() override {
        if (open_ && ssl_) {
            SSL_shutdown(ssl_.get());
            asio::error_code ignored;
            for (const auto& datagram : queues_.out)
                socket_.send(asio::buffer(datagram), 0, ignored);
        }
        open_ = false;
        queues_ = {};
        unanswered_since_.reset();
        unanswered_sends_ = 0;
        ssl_.reset();
        ctx_.reset();
        asio::error_code ignored;
        resolver_.cancel();
        timer_.cancel();
        socket_.close(ignored);
    }

    std::string address() const override {
        return detail::udp_address("dtls", options_.host, options_.port);
    }
    asio::any_io_executor get_executor() override { return socket_.get_executor(); }
    std::vector<std::string> warnings() const override {
        if (options_.verify)
            return {};
        return {"dtls://" + options_.host +
                " with verify=none: the device's certificate is not checked; anyone on the "
                "path can read and change the traffic (use for tests only)"};
    }

  private:
    asio::awaitable<void> connect_socket() {
        co_await detail::connect_udp(socket_, resolver_, options_.host, options_.port, address());
        // Datagrams are read synchronously once the socket is readable: non-blocking, so a
        // readiness with nothing to read (would_block) never stalls the I/O thread.
        socket_.non_blocking(true);
    }

    // The handshake: each flight sent, then the answer awaited until DTLSv1_get_timeout's
    // deadline, when DTLSv1_handle_timeout retransmits the flight (RFC 6347 4.2.4).
    asio::awaitable<void> handshake() {
        const auto give_up = Clock::now() + options_.handshake_timeout;
        unsigned flights = 1;
        for (;;) {
            ERR_clear_error();
            const int r = SSL_do_handshake(ssl_.get());
            co_await flush();
            if (r == 1)
                co_return;
            if (SSL_get_error(ssl_.get(), r) != SSL_ERROR_WANT_READ)
                fail(Errc::transport_error,
                     "DTLS handshake with " + address() + " failed: " + handshake_failure());
            timeval left{};
            auto deadline = give_up;
            if (DTLSv1_get_timeout(ssl_.get(), &left) == 1)
                deadline = std::min(deadline, Clock::now() + std::chrono::seconds(left.tv_sec) +
                                                  std::chrono::microseconds(left.tv_usec));
            if (co_await next_datagram(deadline))
                continue;
            if (Clock::now() >= give_up)
                fail(Errc::timeout, no_answer(flights));
            if (DTLSv1_handle_timeout(ssl_.get()) > 0)
                ++flights;
        }
    }

    std::string no_answer(unsigned flights) const {
        return "no DTLS answer from " + address() + " within " +
               std::to_string(options_.handshake_timeout.count()) + " ms (" +
               std::to_string(flights) +
               " handshake flights sent): the device may not speak DTLS (a plain udp:// device, "
               "or CONFIG_MCUMGR_TRANSPORT_UDP_DTLS off), or is unreachable";
    }

    // Why the handshake stopped: the certificate check's verdict, or the alert / OpenSSL reason.
    std::string handshake_failure() {
        const long verdict = SSL_get_verify_result(ssl_.get());
        std::string why = reason();
        if (verdict != X509_V_OK)
            return "the server certificate does not verify: " +
                   std::string(X509_verify_cert_error_string(verdict)) +
                   (options_.ca_file.empty() ? "" : " (CA file " + options_.ca_file + ")");
        if (why.find("alert") != std::string::npos)
            return "the device sent a DTLS alert: " + why;
        return why.empty() ? std::string("the DTLS handshake was refused") : why;
    }

    std::string reason() const {
        auto why = detail::openssl_errors();
        return why.empty() ? std::string("unknown OpenSSL error") : why;
    }

    // A whole SMP message out of the records received so far, if one is there. An alert or
    // close_notify from the device ends the link: the client then handshakes again.
    std::optional<Bytes> read_record() {
        if (queues_.in.empty() && SSL_pending(ssl_.get()) == 0)
            return std::nullopt;
        ERR_clear_error();
        plain_.resize(max_datagram);
        const int n = SSL_read(ssl_.get(), plain_.data(), static_cast<int>(plain_.size()));
        if (n > 0) {
            unanswered_since_.reset();
            unanswered_sends_ = 0;
            return Bytes(plain_.begin(), plain_.begin() + n);
        }
        switch (SSL_get_error(ssl_.get(), n)) {
            case SSL_ERROR_WANT_READ:
            case SSL_ERROR_WANT_WRITE:
                return std::nullopt;
            case SSL_ERROR_ZERO_RETURN:
                fail(Errc::not_connected,
                     "the device closed the DTLS session with " + address() + " (close_notify)");
            default:
                fail(Errc::not_connected,
                     "the DTLS session with " + address() + " ended: " + reason());
        }
    }

    // Waits for one datagram until `deadline`; true when one was queued for OpenSSL.
    asio::awaitable<bool> next_datagram(Clock::time_point deadline) {
        for (;;) {
            timer_.expires_at(deadline);
            auto done = co_await (
                socket_.async_wait(asio::socket_base::wait_read, detail::use_nothrow_awaitable) ||
                timer_.async_wait(detail::use_nothrow_awaitable));
            if (done.index() == 1)
                co_return false;
            if (const auto [ec] = std::get<0>(done); ec)
                throw asio::system_error(ec, "receiving from " + address());
            asio::error_code ec;
            const std::size_t pending = socket_.available(ec);
            Bytes datagram(ec || pending == 0 ? max_datagram : pending);
            const std::size_t n = socket_.receive(asio::buffer(datagram), 0, ec);
            // ICMP port unreachable for an earlier datagram (see udp.cpp): nothing listens
            // there yet; the timers decide.
            if (ec == asio::error::connection_refused || ec == asio::error::connection_reset ||
                ec == asio::error::would_block)
                continue;
            if (ec)
                throw asio::system_error(ec, "receiving from " + address());
            datagram.resize(n);
            queues_.in.push_back(std::move(datagram));
            co_return true;
        }
    }

    asio::awaitable<void> flush() {
        auto out = std::exchange(queues_.out, {});
        for (const auto& datagram : out)
            co_await socket_.async_send(asio::buffer(datagram), asio::use_awaitable);
    }

    DtlsOptions options_;
    asio::ip::udp::socket socket_;
    asio::ip::udp::resolver resolver_;
    asio::steady_timer timer_;
    detail::DatagramQueues queues_{};
    detail::SslCtxPtr ctx_{};
    detail::SslPtr ssl_{};
    Bytes plain_{};
    bool open_ = false;
    std::size_t record_payload_ = 0;
    std::optional<Clock::time_point> unanswered_since_{};
    unsigned unanswered_sends_ = 0;
    std::optional<std::size_t> device_buf_size_{};
};

}  // namespace

bool dtls_available() noexcept {
    return true;
}

std::unique_ptr<Transport> make_dtls_transport(asio::any_io_executor executor,
                                               DtlsOptions options) {
    return std::make_unique<DtlsTransport>(std::move(executor), std::move(options));
}

}  // namespace smp
