// SPDX-License-Identifier: Apache-2.0
#pragma once
// SMP over Bluetooth LE GATT, sans-I/O: cutting requests into writes and putting responses back
// together from notifications (shared/protocol.md §5.3; Zephyr transport/src/smp_bt.c and
// smp_reassembly.c).
//
// Zephyr sends a response as consecutive notifications of at most ATT_MTU - 3 bytes with no
// framing of their own: the message's end comes from its SMP header's length field. The
// Reassembler accepts notification payloads however they are cut (a header split across
// notifications, several messages in one) and yields whole messages.
//
//     smp::ble::Reassembler reassembler{max_message_size};
//     if (auto status = reassembler.feed(notification); !status) report(status.error());
//     while (auto message = reassembler.next()) deliver(*message);
//
// Errors: a header with reserved bits set (Errc::decode_error) drops everything buffered;
// a header announcing more than max_message_size (Errc::message_too_large) drops that whole
// message, skipping its remaining bytes as they arrive, so the next message is found again.
//
// Thread safety: none (one reassembler per connection). Nothing is thrown but std::bad_alloc.
#include <smp/protocol/header.hpp>
#include <smp/protocol/result.hpp>

#include <cstddef>
#include <deque>
#include <optional>
#include <vector>

/// SMP over Bluetooth LE GATT, sans-I/O: write sizes and notification reassembly.
namespace smp::ble {

/// ATT write and notification headers take 3 bytes of the ATT MTU (opcode + handle).
inline constexpr std::size_t att_overhead = 3;
/// The minimum ATT MTU of LE (Core spec Vol 3 Part F 3.2.8) and BlueZ's maximum.
inline constexpr std::size_t min_att_mtu = 23;
inline constexpr std::size_t max_att_mtu = 517;  ///< BlueZ's largest ATT MTU
/// The largest message an SMP header can describe.
inline constexpr std::size_t max_smp_message_size = header_size + 0xffff;

/// Bytes of value one write without response or notification carries at `att_mtu`.
/// Values below the LE minimum are treated as the minimum (20 bytes).
std::size_t max_value_size(std::size_t att_mtu) noexcept;

/// The writes that carry `message`, each at most max_value_size(att_mtu) bytes.
/// Errors: Errc::invalid_argument when `message` is empty.
Result<std::vector<Bytes>> fragment(ByteView message, std::size_t att_mtu);

/// Rebuilds SMP messages from the notification payloads of one connection.
class Reassembler {
  public:
    /// `max_message_size`: the largest message accepted, header included (at least 8).
    explicit Reassembler(std::size_t max_message_size = max_smp_message_size);

    /// Consumes one notification payload; completed messages queue for next().
    /// Errors: Errc::decode_error (bad header; the buffer is dropped) or
    /// Errc::message_too_large (the message is skipped). Messages completed before the error
    /// in the same payload are still queued.
    Status feed(ByteView notification);

    /// The oldest complete message, or nullopt.
    std::optional<Bytes> next();
    /// True when next() would return a message.
    bool has_message() const noexcept { return !messages_.empty(); }

    /// Bytes of an incomplete message held (0 between messages).
    std::size_t buffered() const noexcept { return buffer_.size(); }
    /// Bytes of an oversize message still to be skipped.
    std::size_t skipping() const noexcept { return skip_; }

    /// Forgets the partial message and queued messages (on disconnect).
    void reset();

    /// The largest message accepted, as given at construction.
    std::size_t max_message_size() const noexcept { return max_message_size_; }

  private:
    Status take_messages();

    std::size_t max_message_size_;
    Bytes buffer_{};
    std::size_t skip_ = 0;
    std::deque<Bytes> messages_{};
};

}  // namespace smp::ble
