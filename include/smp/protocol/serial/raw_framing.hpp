// SPDX-License-Identifier: Apache-2.0
#pragma once
// Raw serial framing: bare SMP messages back to back, no base64, no CRC; each message's end
// comes from its header's length field (Zephyr CONFIG_MCUMGR_TRANSPORT_RAW_UART, MCUboot
// MCUBOOT_SERIAL_RAW_PROTOCOL; shared/protocol.md §5.2). A raw port cannot carry console text.
//
//     smp::serial::RawDecoder decoder{/*max_message_size=*/buf_size};
//     decoder.feed(bytes_from_port);
//     while (auto event = decoder.next()) ...   // Kind::message or Kind::error (bad_header)
//
// Resynchronisation: a candidate header (the next 8 buffered bytes) is invalid when its
// reserved bits are set, its op is above 3 (Zephyr's raw path drops those too), or 8 + its
// length exceeds max_message_size. Then the decoder drops ONE byte and tries the next
// position, so a valid message that follows garbage is found at whatever offset it starts.
// Consecutive dropped bytes are reported together as one Kind::error event (bad_header)
// carrying them. A valid-looking header followed by too few bytes is waited for: a garbage
// header with a plausible length can therefore swallow what follows until enough bytes
// arrive; the transport bounds that with an inactivity timeout that calls reset(), as
// Zephyr does (..._RAW_UART_INPUT_TIMEOUT).
//
// Thread safety: none (one decoder per stream). Errors are events; nothing is thrown but
// std::bad_alloc.
#include <smp/protocol/header.hpp>
#include <smp/protocol/result.hpp>
#include <smp/protocol/serial/frame_event.hpp>

#include <cstddef>
#include <deque>
#include <optional>

namespace smp::serial {

/// The largest raw message the header can describe.
inline constexpr std::size_t max_raw_message_size = header_size + 0xffff;

/// The bytes to write for `message` in raw framing: the message itself, after checking that
/// it is exactly one SMP message (valid header, 8 + length bytes).
/// Errors: Errc::invalid_argument when it is not.
Result<Bytes> encode_raw_frame(ByteView message);

/// Streaming decoder for raw framing (the resynchronisation rules above).
class RawDecoder {
  public:
    /// `max_message_size`: the largest message accepted, header included (at least 8).
    explicit RawDecoder(std::size_t max_message_size = max_raw_message_size);

    /// Consumes `bytes` and queues the events they complete.
    void feed(ByteView bytes);

    /// The oldest queued event, or nullopt when there is none.
    std::optional<FrameEvent> next();
    /// True when next() would return an event.
    bool has_event() const noexcept { return !events_.empty(); }

    /// Bytes of an incomplete message being held (arm the inactivity timer while non-zero).
    std::size_t buffered() const noexcept { return buffer_.size() - start_; }

    /// Drops the incomplete message (inactivity timeout) and queued events.
    void reset();

    /// The largest message accepted, as given at construction.
    std::size_t max_message_size() const noexcept { return max_message_size_; }

  private:
    bool header_valid(ByteView head) const;
    void drop_garbage(std::size_t count);
    void flush_garbage();

    std::size_t max_message_size_;
    Bytes buffer_{};
    std::size_t start_ = 0;  ///< first unconsumed byte of buffer_
    Bytes garbage_{};        ///< dropped bytes not yet reported
    std::deque<FrameEvent> events_{};
};

}  // namespace smp::serial
