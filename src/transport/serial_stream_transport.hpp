#pragma once
// A serial transport over any Asio byte stream (asio::serial_port, asio::ip::tcp::socket):
// receive reads, feeds the SerialLink and returns its messages; send encodes and writes.
// Subclasses open the stream and name it.
#include <smp/detail/asio_compat.hpp>
#include <smp/transport/transport.hpp>

#include <asio/steady_timer.hpp>
#include <asio/write.hpp>

#include <array>

#include "transport/serial_link.hpp"

namespace smp::detail {

template <class Stream>
class SerialStreamTransport : public Transport {
  public:
    SerialStreamTransport(const asio::any_io_executor& executor, SerialLinkOptions options)
        : stream_(executor), link_(std::move(options)), write_done_(executor) {
        write_done_.expires_at(asio::steady_timer::time_point::max());
    }

    asio::awaitable<void> open() override {
        close();
        link_.reset();
        co_await open_stream();
        closed_ = false;
    }

    asio::awaitable<void> send(ByteView message) override {
        Bytes frame = link_.encode(message);
        // The client sends pipelined requests from several coroutines; the writes of two
        // frames must not interleave on the byte stream, so one writes at a time. The timer
        // is a condition variable: cancel() wakes every waiter.
        while (writing_) {
            co_await write_done_.async_wait(use_nothrow_awaitable);
            if (closed_)
                throw asio::system_error(asio::error::operation_aborted, "sending to " + address());
        }
        writing_ = true;
        auto [ec, n] =
            co_await asio::async_write(stream_, asio::buffer(frame), use_nothrow_awaitable);
        (void)n;
        writing_ = false;
        write_done_.cancel();
        if (ec)
            throw asio::system_error(ec, "sending to " + address());
    }

    asio::awaitable<Bytes> receive() override {
        for (;;) {
            if (auto message = link_.next_message())
                co_return std::move(*message);
            auto [ec, n] =
                co_await stream_.async_read_some(asio::buffer(buffer_), use_nothrow_awaitable);
            if (ec)
                throw asio::system_error(ec, "receiving from " + address());
            link_.feed(ByteView(buffer_.data(), n), SerialLink::Clock::now());
        }
    }

    std::size_t max_message_size() const override { return link_.max_message_size(); }
    void set_device_buffer_size(std::size_t buf_size) override {
        link_.set_device_buffer_size(buf_size);
    }

    void close() override {
        closed_ = true;
        asio::error_code ignored;
        cancel_open();
        stream_.close(ignored);
        write_done_.cancel();
    }

    asio::any_io_executor get_executor() override { return stream_.get_executor(); }

  protected:
    /// Opens stream_ (it is closed on entry). Errors: throws asio::system_error.
    virtual asio::awaitable<void> open_stream() = 0;
    /// Cancels what open_stream() may be waiting for (name resolution).
    virtual void cancel_open() {}

    Stream stream_;

  private:
    SerialLink link_;
    asio::steady_timer write_done_;
    bool writing_ = false;
    bool closed_ = true;
    std::array<std::uint8_t, 4096> buffer_{};
};

}  // namespace smp::detail
