#pragma once
// The byte-level half of the serial transports, shared by the tty and TCP forms: message
// budget per fragmentation strategy, encoding, and the streaming decoders with the console
// callback and the raw inactivity reset. No I/O here: the stream transport feeds it bytes
// and the time they arrived.
#include <smp/protocol/raw_framing.hpp>
#include <smp/protocol/serial_decoder.hpp>
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

    std::size_t max_message_size() const noexcept { return budget_; }
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
