// SPDX-License-Identifier: Apache-2.0
#pragma once
// A serial transport over any Asio byte stream (asio::serial_port, asio::ip::tcp::socket):
// receive reads, feeds the SerialLink and returns its messages; send encodes and writes.
// Subclasses open the stream and name it.
#include <smp/detail/asio_compat.hpp>
#include <smp/transport/transport.hpp>

#include <asio/steady_timer.hpp>
#include <asio/write.hpp>

#include <array>
#include <cstdint>

#include "transport/serial_link.hpp"
#include "transport/transport_result.hpp"

namespace smp::detail {

template <class Stream>
class SerialStreamTransport : public ThrowingOperations<SerialStreamTransport<Stream>> {
  public:
    SerialStreamTransport(const asio::any_io_executor& executor, SerialLinkOptions options)
        : stream_(executor),
          link_(std::move(options)),
          write_done_(executor),
          pace_timer_(executor) {
        write_done_.expires_at(asio::steady_timer::time_point::max());
    }

    // The operations, throwing on failure; ThrowingOperations turns that into Results.
    asio::awaitable<void> open_link() {
        close();
        link_.reset();
        co_await open_stream();
        closed_ = false;
    }

    asio::awaitable<void> send_message(ByteView message) {
        Bytes frame = link_.encode(message);
        const std::uint64_t generation = generation_;
        co_await wait_for_turn(generation);
        const auto ec = co_await write_frame(frame);
        end_turn(generation);
        if (ec)
            throw asio::system_error(ec, "sending to " + this->address());
    }

    asio::awaitable<Bytes> receive_message() {
        for (;;) {
            if (auto message = link_.next_message())
                co_return std::move(*message);
            auto [ec, n] =
                co_await stream_.async_read_some(asio::buffer(buffer_), use_nothrow_awaitable);
            if (ec)
                throw asio::system_error(ec, "receiving from " + this->address());
            link_.feed(ByteView(buffer_.data(), n), SerialLink::Clock::now());
        }
    }

    std::size_t max_message_size() const override { return link_.max_message_size(); }
    bool message_size_is_explicit() const override { return link_.explicit_strategy(); }
    void set_device_buffer_size(std::size_t buf_size) override {
        link_.set_device_buffer_size(buf_size);
    }

    void close() override {
        closed_ = true;
        // Void the tickets of this connection: its waiters end with operation_aborted.
        ++generation_;
        serving_ = next_ticket_;
        asio::error_code ignored;
        cancel_open();
        stream_.close(ignored);
        write_done_.cancel();
        pace_timer_.cancel();
    }

    asio::any_io_executor get_executor() override { return stream_.get_executor(); }

  protected:
    /// Opens stream_ (it is closed on entry). Errors: throws asio::system_error.
    virtual asio::awaitable<void> open_stream() = 0;
    /// Cancels what open_stream() may be waiting for (name resolution).
    virtual void cancel_open() {}

    Stream stream_;

  private:
    // Writes the frame at once, or paced (SerialLinkOptions::pace_baud_rate): a piece, then
    // a wait until the piece would have left a UART at that rate.
    asio::awaitable<asio::error_code> write_frame(const Bytes& frame) {
        if (!link_.pace_baud_rate()) {
            auto [ec, n] =
                co_await asio::async_write(stream_, asio::buffer(frame), use_nothrow_awaitable);
            (void)n;
            co_return ec;
        }
        for (std::size_t at = 0; at < frame.size();) {
            const auto piece = link_.paced_piece(ByteView(frame).subspan(at));
            const auto started = asio::steady_timer::clock_type::now();
            auto [ec, n] = co_await asio::async_write(
                stream_, asio::buffer(frame.data() + at, piece), use_nothrow_awaitable);
            if (ec)
                co_return ec;
            at += n;
            pace_timer_.expires_at(started + link_.paced_duration(piece));
            co_await pace_timer_.async_wait(use_nothrow_awaitable);
            if (closed_)
                co_return asio::error::operation_aborted;
        }
        co_return asio::error_code{};
    }

    // The client sends pipelined requests from several coroutines. Their frames must not
    // interleave on the byte stream, and must go out in the order send() was called: a
    // request that overtakes the one before it reaches the device out of order (an image
    // chunk is then refused by the device's offset check and resent). So each send takes a
    // ticket and writes when it is served; the timer is a condition variable (cancel() wakes
    // every waiter, and each checks whether its turn has come).
    asio::awaitable<void> wait_for_turn(std::uint64_t generation) {
        const std::uint64_t ticket = next_ticket_++;
        while (ticket != serving_ || generation != generation_) {
            if (closed_ || generation != generation_)
                throw asio::system_error(asio::error::operation_aborted,
                                         "sending to " + this->address());
            co_await write_done_.async_wait(use_nothrow_awaitable);
        }
    }
    void end_turn(std::uint64_t generation) {
        if (generation == generation_)  // close() already voided the tickets otherwise
            ++serving_;
        write_done_.cancel();
    }

    SerialLink link_;
    asio::steady_timer write_done_;
    asio::steady_timer pace_timer_;
    std::uint64_t next_ticket_ = 0;
    std::uint64_t serving_ = 0;
    std::uint64_t generation_ = 0;  ///< bumped by close()
    bool closed_ = true;
    std::array<std::uint8_t, 4096> buffer_{};
};

}  // namespace smp::detail
