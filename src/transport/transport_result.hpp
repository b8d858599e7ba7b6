// SPDX-License-Identifier: Apache-2.0
#pragma once
// Where a transport's failures become the Results of the Transport interface. Inside, a
// transport may still end an operation by throwing (Asio's own errors, a deep BlueZ call):
// each public operation runs its body through as_status / as_result, the one translation,
// so the client sees values only (no exception, no dynamic_cast).
#include <smp/protocol/result.hpp>
#include <smp/transport/transport.hpp>

#include <asio/awaitable.hpp>

#include <exception>
#include <system_error>
#include <utility>

namespace smp::detail {

/// The Error for what an operation threw: a std::system_error (asio::system_error,
/// smp::SystemError) keeps its code, so the link-lost Errc::not_connected stays link-lost;
/// anything else is Errc::transport_error. The detail is the exception's text.
inline Error transport_failure(std::exception_ptr thrown) {
    try {
        std::rethrow_exception(std::move(thrown));
    } catch (const SystemError& e) {
        Error error = e.error();
        error.detail = e.what();
        return error;
    } catch (const std::system_error& e) {
        return Error{e.code(), e.what()};
    } catch (const std::exception& e) {
        return Error{make_error_code(Errc::transport_error), e.what()};
    }
}

inline asio::awaitable<Status> as_status(asio::awaitable<void> operation) {
    std::exception_ptr thrown;
    try {
        co_await std::move(operation);
    } catch (...) {
        thrown = std::current_exception();
    }
    if (thrown)
        co_return transport_failure(std::move(thrown));
    co_return Unit{};
}

template <class T>
asio::awaitable<Result<T>> as_result(asio::awaitable<T> operation) {
    std::exception_ptr thrown;
    try {
        co_return co_await std::move(operation);
    } catch (...) {
        thrown = std::current_exception();
    }
    co_return transport_failure(std::move(thrown));
}

/// The Transport operations of a transport `Derived` whose own operations (open_link,
/// send_message, receive_message) throw: each override runs one through as_status or
/// as_result, so that every transport translates its failures the same way.
template <class Derived>
class ThrowingOperations : public Transport {
  public:
    asio::awaitable<Status> open() override { return as_status(self().open_link()); }
    asio::awaitable<Status> send(ByteView message) override {
        return as_status(self().send_message(message));
    }
    asio::awaitable<Result<Bytes>> receive() override {
        return as_result(self().receive_message());
    }

  private:
    Derived& self() { return static_cast<Derived&>(*this); }
};

}  // namespace smp::detail
