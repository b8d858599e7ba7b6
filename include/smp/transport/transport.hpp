// SPDX-License-Identifier: Apache-2.0
#pragma once
// The transport interface: moves whole SMP messages to and from one device. The client
// owns one; serial, UDP, BLE and user transports implement it (one .cpp each). Type-erased
// with virtual functions returning asio::awaitable (Asio 1.22 has no any_completion_handler).
#include <smp/protocol/bytes.hpp>

#include <asio/any_io_executor.hpp>
#include <asio/awaitable.hpp>

#include <cstddef>
#include <string>

namespace smp {

class Transport {
  public:
    virtual ~Transport() = default;

    /// Opens the link (resolves names, opens sockets or ports).
    /// Errors: throws asio::system_error.
    virtual asio::awaitable<void> open() = 0;
    /// Sends one whole SMP message (header + payload). Errors: throws asio::system_error.
    virtual asio::awaitable<void> send(ByteView message) = 0;
    /// Receives one whole SMP message. Errors: throws asio::system_error; after close(),
    /// asio::error::operation_aborted. Cancellation: close() ends a pending receive.
    virtual asio::awaitable<Bytes> receive() = 0;
    /// The largest SMP message this transport can carry to the device, as currently known.
    virtual std::size_t max_message_size() const = 0;
    /// True when the message size is the caller's own word (a serial BufferSize or
    /// BufferParams strategy) rather than a guess: a device without the MCUmgr parameters
    /// command then gets that size, not the client's smaller fallback.
    virtual bool message_size_is_explicit() const { return false; }
    /// The device's SMP buffer size (MCUmgr params `buf_size`), once known.
    virtual void set_device_buffer_size(std::size_t buf_size) = 0;
    /// Closes the link; pending operations end. Idempotent.
    virtual void close() = 0;
    /// What the transport talks to, for error messages: "udp://[::1]:1337".
    virtual std::string address() const = 0;
    virtual asio::any_io_executor get_executor() = 0;
};

}  // namespace smp
