// SPDX-License-Identifier: Apache-2.0
#pragma once
// The Asio spellings this library uses, in one place. We build against standalone Asio 1.22
// (Debian 12): there `as_tuple`, `deferred`, awaitable operators and channels live under
// asio::experimental, and any_completion_handler / consign / cancel_after do not exist.
// Newer Asio (1.33+) moved as_tuple/deferred to the asio namespace and removed the
// experimental spelling; when we build against one, only this header changes.
#include <asio/awaitable.hpp>
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>

namespace smp::detail {

/// `co_await op(..., use_nothrow_awaitable)` yields a tuple (error_code, results...) instead
/// of throwing: the I/O shell turns failures into smp::Error values.
inline constexpr auto use_nothrow_awaitable = asio::experimental::as_tuple(asio::use_awaitable);

/// `co_await (a || b)` races two awaitables and cancels the loser.
namespace awaitable_operators = asio::experimental::awaitable_operators;

}  // namespace smp::detail
