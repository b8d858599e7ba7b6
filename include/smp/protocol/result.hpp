// SPDX-License-Identifier: Apache-2.0
#pragma once
// A value or an error, for code that must not throw on bad input (the protocol core).
#include <smp/protocol/error.hpp>

#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>

namespace smp {

/// Holds either a T or an Error. value() throws smp::SystemError when it holds an error,
/// so callers may choose between checking and throwing.
template <class T>
class [[nodiscard]] Result {
  public:
    /// Holds a value (implicit, so a function may `return value;`).
    Result(T value)
        : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
    /// Holds an error (implicit, so a function may `return error;`).
    Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT
    /// Holds an Error made of code and detail.
    Result(std::error_code code, std::string detail = {})
        : state_(std::in_place_index<1>, Error{code, std::move(detail)}) {}

    /// True when a value is held.
    bool has_value() const noexcept { return state_.index() == 0; }
    /// Same as has_value().
    explicit operator bool() const noexcept { return has_value(); }

    /// The value; throws SystemError when an error is held.
    T& value() & {
        throw_if_error();
        return std::get<0>(state_);
    }
    /// The value; throws SystemError when an error is held.
    const T& value() const& {
        throw_if_error();
        return std::get<0>(state_);
    }
    /// Moves the value out; throws SystemError when an error is held.
    T&& value() && {
        throw_if_error();
        return std::get<0>(std::move(state_));
    }

    /// The value, unchecked: only when has_value().
    T& operator*() & { return std::get<0>(state_); }
    /// The value, unchecked: only when has_value().
    const T& operator*() const& { return std::get<0>(state_); }
    /// The value's members, unchecked: only when has_value().
    T* operator->() { return &std::get<0>(state_); }
    /// The value's members, unchecked: only when has_value().
    const T* operator->() const { return &std::get<0>(state_); }

    /// The error, unchecked: only when !has_value().
    const Error& error() const& { return std::get<1>(state_); }
    /// Moves the error out, unchecked: only when !has_value().
    Error&& error() && { return std::get<1>(std::move(state_)); }

  private:
    void throw_if_error() const {
        if (state_.index() == 1)
            throw SystemError(std::get<1>(state_));
    }
    std::variant<T, Error> state_;
};

/// Success or an error, for operations without a value.
struct Unit {};
/// Result of an operation that returns no value: success or an Error.
using Status = Result<Unit>;

}  // namespace smp
