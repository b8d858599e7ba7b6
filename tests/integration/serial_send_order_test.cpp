// SPDX-License-Identifier: Apache-2.0
// The serial transports write pipelined requests in the order send() was called. A request
// that overtakes the one before it reaches the device out of order: an image chunk is then
// refused by the device's offset check and must be resent, and the abandoned chunks still
// fill the device's buffers (smpsim then drops packets: "no free buffer").
#include <smp/detail/asio_compat.hpp>
#include <smp/protocol/header.hpp>
#include <smp/transport/serial.hpp>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read.hpp>

#include <gtest/gtest.h>

namespace {

using namespace smp;

Bytes request(std::uint8_t sequence) {
    const Bytes empty_map{0xA0};
    return encode_message(Header{.op = Op::read, .sequence = sequence}, empty_map);
}

// The sequence numbers of the messages in `bytes`, in wire order.
std::vector<int> sequences(ByteView bytes) {
    std::vector<int> out;
    while (!bytes.empty()) {
        std::size_t used = 0;
        auto message = decode_message(bytes, &used);
        if (!message || used == 0)
            break;
        out.push_back(message->header.sequence);
        bytes = bytes.subspan(used);
    }
    return out;
}

// Send 2 is called while send 1 is being written, so it waits; send 3 is called the moment
// send 1 completes, before send 2 has resumed. It must still go after send 2.
TEST(SerialSendOrder, ASendCalledWhileAnotherWaitsDoesNotOvertakeIt) {
    asio::io_context io;
    asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
    TcpSerialOptions options;
    options.host = "127.0.0.1";
    options.port = acceptor.local_endpoint().port();
    options.link.framing = SerialFraming::raw;
    auto transport = make_tcp_serial_transport(io.get_executor(), options);
    asio::ip::tcp::socket peer(io);

    const Bytes first = request(1), second = request(2), third = request(3);
    Bytes wire(first.size() + second.size() + third.size());
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            (void)(co_await transport->open()).value();
            co_await acceptor.async_accept(peer, asio::use_awaitable);
            asio::co_spawn(
                io,
                [&]() -> asio::awaitable<void> {
                    EXPECT_TRUE(co_await transport->send(first));
                    EXPECT_TRUE(co_await transport->send(third));
                },
                asio::detached);
            asio::co_spawn(
                io,
                [&]() -> asio::awaitable<void> { EXPECT_TRUE(co_await transport->send(second)); },
                asio::detached);
            co_await asio::async_read(peer, asio::buffer(wire), asio::use_awaitable);
        },
        [&](std::exception_ptr e) {
            transport->close();
            if (e)
                std::rethrow_exception(e);
        });
    io.run();
    EXPECT_EQ(sequences(wire), (std::vector<int>{1, 2, 3}));
}

}  // namespace
