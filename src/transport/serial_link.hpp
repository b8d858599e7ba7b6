// SPDX-License-Identifier: Apache-2.0
#pragma once
// The byte-level half of the serial transports, shared by the tty and TCP forms: message
// budget per fragmentation strategy, encoding, and the streaming decoders with the console
// callback and the raw inactivity reset. No I/O here: the stream transport feeds it bytes
// and the time they arrived.
#include <smp/protocol/serial/decoder.hpp>
#include <smp/protocol/serial/raw_framing.hpp>
#include <smp/transport/serial.hpp>

#include <chrono>
#include <deque>
#include <optional>

namespace smp::detail {

class SerialLink {
  public:
    using Clock = std::chrono::steady_clock;

    /// Errors: std::invalid_argument for an invalid strategy or a line longer than 128.
    explicit SerialLink(SerialLinkOptions options);

    /// The bytes to write for one SMP message. Errors: throws asio::system_error.
    Bytes encode(ByteView message) const;

    /// Consumes bytes read at `now`; whole messages queue up, console text goes to the
    /// callback at once.
    void feed(ByteView bytes, Clock::time_point now);
    std::optional<Bytes> next_message();

    /// With pacing (SerialLinkOptions::pace_baud_rate): how many bytes of `rest` (the unsent
    /// tail of a frame) to write next, and how long their transmission takes at that rate.
    std::optional<unsigned> pace_baud_rate() const noexcept { return options_.pace_baud_rate; }
    std::size_t paced_piece(ByteView rest) const noexcept;
    std::chrono::nanoseconds paced_duration(std::size_t bytes) const noexcept;

    std::size_t max_message_size() const noexcept { return budget_; }
    /// BufferSize or BufferParams: the caller named the size.
    bool explicit_strategy() const noexcept {
        return !std::holds_alternative<serial::Auto>(options_.fragmentation);
    }
    void set_device_buffer_size(std::size_t buf_size);

    /// Forgets partial input and queued messages (after a reopen).
    void reset();

    std::uint64_t dropped_frames() const noexcept { return dropped_frames_; }

  private:
    template <class Decoder>
    void drain(Decoder& decoder);

    SerialLinkOptions options_;
    std::size_t line_length_;
    std::size_t budget_;
    serial::Decoder decoder_{};
    serial::RawDecoder raw_decoder_{};
    std::optional<Clock::time_point> last_input_{};
    std::deque<Bytes> messages_{};
    std::uint64_t dropped_frames_ = 0;
};

}  // namespace smp::detail
