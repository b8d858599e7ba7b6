// SPDX-License-Identifier: Apache-2.0
// The one place a transport's failures become Results (src/transport/transport_result.hpp):
// the link-lost error stays link-lost, anything else keeps its code or is a transport error.
#include <smp/protocol/bytes.hpp>
#include <smp/protocol/error_kind.hpp>

#include <gtest/gtest.h>
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/system_error.hpp>

#include <optional>
#include <stdexcept>

#include "transport/transport_result.hpp"

namespace smp {
namespace {

template <class T>
T run(asio::awaitable<T> operation) {
    asio::io_context io;
    std::optional<T> out;
    asio::co_spawn(
        io, [&]() -> asio::awaitable<void> { out.emplace(co_await std::move(operation)); },
        asio::detached);
    io.run();
    return std::move(*out);
}

asio::awaitable<void> lose_link() {
    throw asio::system_error(make_error_code(Errc::not_connected), "BLE link lost");
    co_return;
}
asio::awaitable<void> fail_plainly() {
    throw std::runtime_error("port vanished");
    co_return;
}
asio::awaitable<Bytes> answer() {
    co_return Bytes{1, 2, 3};
}
asio::awaitable<Bytes> refuse() {
    throw SystemError(Error{make_error_code(Errc::unsupported), "no DTLS here"});
    co_return Bytes{};
}

TEST(TransportResult, LinkLostStaysLinkLost) {
    const auto status = run(detail::as_status(lose_link()));
    ASSERT_FALSE(status);
    EXPECT_TRUE(is_link_lost(status.error()));
    EXPECT_NE(status.error().detail.find("BLE link lost"), std::string::npos)
        << status.error().detail;
}

TEST(TransportResult, OtherExceptionsAreTransportErrors) {
    const auto status = run(detail::as_status(fail_plainly()));
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().code, make_error_code(Errc::transport_error));
    EXPECT_EQ(status.error().detail, "port vanished");
    EXPECT_FALSE(is_link_lost(status.error()));
}

TEST(TransportResult, ValuesPassAndLibraryErrorsKeepTheirCode) {
    const auto bytes = run(detail::as_result(answer()));
    ASSERT_TRUE(bytes);
    EXPECT_EQ(*bytes, (Bytes{1, 2, 3}));
    const auto refused = run(detail::as_result(refuse()));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, make_error_code(Errc::unsupported));
    EXPECT_NE(refused.error().detail.find("no DTLS here"), std::string::npos);
}

}  // namespace
}  // namespace smp
