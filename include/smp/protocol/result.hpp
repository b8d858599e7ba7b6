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
    Result(T value)
        : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
    Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT
    Result(std::error_code code, std::string detail = {})
        : state_(std::in_place_index<1>, Error{code, std::move(detail)}) {}

    bool has_value() const noexcept { return state_.index() == 0; }
    explicit operator bool() const noexcept { return has_value(); }

    T& value() & {
        throw_if_error();
        return std::get<0>(state_);
    }
    const T& value() const& {
        throw_if_error();
        return std::get<0>(state_);
    }
    T&& value() && {
        throw_if_error();
        return std::get<0>(std::move(state_));
    }

    T& operator*() & { return std::get<0>(state_); }
    const T& operator*() const& { return std::get<0>(state_); }
    T* operator->() { return &std::get<0>(state_); }
    const T* operator->() const { return &std::get<0>(state_); }

    const Error& error() const& { return std::get<1>(state_); }
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
using Status = Result<Unit>;

}  // namespace smp
