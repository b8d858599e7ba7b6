// SPDX-License-Identifier: Apache-2.0
// SMP over UDP (see smp/transport/udp.hpp).
#include <smp/transport/udp.hpp>

#include <smp/detail/asio_compat.hpp>

#include <asio/ip/udp.hpp>

#include <algorithm>
#include <optional>

#include "transport/transport_result.hpp"
#include "transport/udp_socket.hpp"

namespace smp {
namespace {

// The largest UDP payload: the buffer when the next datagram's size is unknown.
constexpr std::size_t max_datagram = 65507;

class UdpTransport final : public detail::ThrowingOperations<UdpTransport> {
  public:
    UdpTransport(asio::any_io_executor executor, UdpOptions options)
        : options_(std::move(options)), socket_(executor), resolver_(executor) {}

    // The operations, throwing on failure; ThrowingOperations turns that into Results.
    asio::awaitable<void> open_link() {
        co_await detail::connect_udp(socket_, resolver_, options_.host, options_.port, address());
    }

    asio::awaitable<void> send_message(ByteView message) {
        co_await socket_.async_send(asio::buffer(message.data(), message.size()),
                                    asio::use_awaitable);
    }

    asio::awaitable<Bytes> receive_message() {
        for (;;) {
            // Wait, then size the buffer to the datagram that is there (FIONREAD on a UDP
            // socket gives the size of the next datagram on Linux; Windows and macOS may count
            // every queued byte, never fewer, so nothing is cut off): allocating and zeroing the
            // largest possible datagram for every answer cost a third of the client's
            // instructions per uploaded byte (docs/benchmarks.md, callgrind).
            auto [wait_ec] = co_await socket_.async_wait(asio::socket_base::wait_read,
                                                         detail::use_nothrow_awaitable);
            if (wait_ec)
                throw asio::system_error(wait_ec, "receiving from " + address());
            asio::error_code size_ec;
            const std::size_t pending = socket_.available(size_ec);
            Bytes buffer(size_ec || pending == 0 ? max_datagram : pending);
            auto [ec, n] =
                co_await socket_.async_receive(asio::buffer(buffer), detail::use_nothrow_awaitable);
            if (is_port_unreachable(ec))
                continue;
            if (ec)
                throw asio::system_error(ec, "receiving from " + address());
            buffer.resize(n);
            co_return buffer;
        }
    }

    // A connected UDP socket reports an ICMP "port unreachable" for an earlier datagram on
    // the next receive: connection_refused (ECONNREFUSED, Linux and macOS) or
    // connection_reset (WSAECONNRESET, Windows). The device is not listening (yet): a lost
    // message, not a broken link; the request's timeout reports it. Each ICMP message gives
    // one such error, which the receive consumes, so skipping it cannot spin: the next wait
    // blocks until a datagram or another ICMP message arrives.
    static bool is_port_unreachable(const asio::error_code& ec) {
        return ec == asio::error::connection_refused || ec == asio::error::connection_reset;
    }

    std::size_t max_message_size() const override {
        return device_buf_size_ ? std::min(options_.mtu, *device_buf_size_) : options_.mtu;
    }
    void set_device_buffer_size(std::size_t buf_size) override { device_buf_size_ = buf_size; }

    void close() override {
        asio::error_code ignored;
        resolver_.cancel();
        socket_.close(ignored);
    }

    std::string address() const override {
        return detail::udp_address("udp", options_.host, options_.port);
    }
    asio::any_io_executor get_executor() override { return socket_.get_executor(); }

  private:
    UdpOptions options_;
    asio::ip::udp::socket socket_;
    asio::ip::udp::resolver resolver_;
    std::optional<std::size_t> device_buf_size_{};
};

}  // namespace

std::unique_ptr<Transport> make_udp_transport(asio::any_io_executor executor, UdpOptions options) {
    return std::make_unique<UdpTransport>(std::move(executor), std::move(options));
}

}  // namespace smp
