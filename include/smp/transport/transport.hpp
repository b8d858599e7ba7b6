// SPDX-License-Identifier: Apache-2.0
#pragma once
// The transport interface: moves whole SMP messages to and from one device. The client
// owns one; serial, UDP, DTLS, BLE and user transports implement it (one .cpp each).
// Type-erased with virtual functions returning asio::awaitable (Asio 1.22 has no
// any_completion_handler).
//
// Errors are values, never exceptions: open, send and receive return a Result whose Error
// says what failed, its detail naming the address. The one error with a meaning of its own is
// the link-lost error, Errc::not_connected (smp::is_link_lost): the transport knows the link
// is gone (a BLE disconnect, a DTLS session presumed lost, a closed socket), so the client
// closes at once and fails every pending request with it instead of waiting for timeouts; an
// upload or upgrade then connects again and resumes. Any other send error is one lost
// message; any receive error ends the client's receive loop (the link is closed).
#include <smp/protocol/bytes.hpp>
#include <smp/protocol/result.hpp>

#include <asio/any_io_executor.hpp>
#include <asio/awaitable.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace smp {

/// The link to one device that a Client sends SMP messages over (UDP, serial, BLE, ...).
/// Implementations frame and unframe messages; the Client does matching, retries and timeouts.
class Transport {
  public:
    virtual ~Transport() = default;

    /// Opens the link (resolves names, opens sockets or ports).
    virtual asio::awaitable<Status> open() = 0;
    /// Sends one whole SMP message (header + payload).
    virtual asio::awaitable<Status> send(ByteView message) = 0;
    /// Receives one whole SMP message. Cancellation: close() ends a pending receive (with an
    /// error: the client has stopped listening by then).
    virtual asio::awaitable<Result<Bytes>> receive() = 0;
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
    /// The executor the transport's operations run on.
    virtual asio::any_io_executor get_executor() = 0;
    /// What the user must know about how this link is set up, one sentence each (a DTLS
    /// session whose certificate is not checked). The client logs each at LogLevel::warning
    /// once the link is open. Default: nothing.
    virtual std::vector<std::string> warnings() const { return {}; }
};

}  // namespace smp
