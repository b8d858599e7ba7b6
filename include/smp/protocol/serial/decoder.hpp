// SPDX-License-Identifier: Apache-2.0
#pragma once
// Streaming decoder for the serial "SMP over console" framing (format: framing.hpp).
//
// Feed it whatever the port produced, in chunks of any size (one byte to megabytes), then
// drain its events:
//
//     smp::serial::Decoder decoder{/*max_message_size=*/buf_size};
//     decoder.feed(bytes_from_port);
//     while (auto event = decoder.next()) {
//         if (event->is_message())      handle_smp(event->bytes);    // header + CBOR
//         else if (event->is_console()) log_console(event->bytes);   // shell/log text
//         else                          count_error(event->error);   // frame dropped
//     }
//
// Rules (what Zephyr's uart_mcumgr/serial_util.c and MCUboot's boot_serial.c accept, plus
// what a client sharing the port with a console needs):
// * A line starting 0x06 0x09 starts a frame; a line starting 0x04 0x14 continues it. A start
//   marker is also recognised in the middle of a line (a console line without its newline,
//   or a frame cut off by a device reset, must not hide the next frame).
// * Each line's base64 is decoded on its own and the bytes are concatenated, so Zephyr's and
//   MCUboot's different cuts both work. Line length is not limited (MCUboot lines are 127
//   bytes, other senders may differ); a '\r' inside an SMP line is ignored (PTYs in cooked
//   mode turn '\n' into "\r\n").
// * The frame is complete at the end of the line where the decoded bytes reach 2 + the
//   length field; then the CRC is checked and the message delivered.
// * Every other byte is console text, delivered as Kind::console events split after each
//   '\n' and at the end of each feed() (a prompt without newline is not held back). Only a
//   trailing 0x06, or 0x04 at a line start, waits for the next byte to tell a marker apart.
// * Errors (FrameError) drop the frame in progress; the decoder then ignores continuation
//   lines until the next start marker (one error per broken frame). Console lines between
//   the lines of a frame do not break it.
// * Memory: a frame whose length field exceeds max_message_size is rejected (oversize) as
//   soon as its first 2 decoded bytes arrive, so the reassembly buffer never exceeds
//   max_message_size + 6 bytes. Queued events hold what feed() was given until next() takes
//   them.
//
// Thread safety: none (one decoder per stream, used from one thread at a time).
// Errors: reported as events, never thrown; feed() only throws std::bad_alloc.
#include <smp/protocol/serial/frame_event.hpp>
#include <smp/protocol/serial/framing.hpp>

#include <cstddef>
#include <deque>
#include <optional>

namespace smp::serial {

/// Streaming decoder for the base64 console framing (the rules above).
class Decoder {
  public:
    /// `max_message_size`: the largest SMP message accepted (header + payload); capped at
    /// serial::max_frame_message_size (65533), the format's own ceiling.
    explicit Decoder(std::size_t max_message_size = max_frame_message_size);

    /// Consumes `bytes` and queues the events they complete.
    void feed(ByteView bytes);

    /// The oldest queued event, or nullopt when there is none.
    std::optional<FrameEvent> next();
    /// True when next() would return an event.
    bool has_event() const noexcept { return !events_.empty(); }

    /// Forgets any partial frame, partial line and queued events (after a reconnect).
    void reset();

    /// The largest message accepted, after the cap.
    std::size_t max_message_size() const noexcept { return max_message_size_; }

  private:
    enum class Line : std::uint8_t { start, console, smp, skip };
    enum class Frame : std::uint8_t { idle, assembling, discarding };

    void on_byte(std::uint8_t b);
    void plain_byte(std::uint8_t b);
    void smp_byte(std::uint8_t b);
    void begin_start_line();
    void begin_continuation_line();
    void end_smp_line();
    void check_length();
    void finish_frame();
    void fail(FrameError error);
    void flush_console();
    void push(FrameEvent event);

    std::size_t max_message_size_;
    Line line_ = Line::start;
    Frame frame_ = Frame::idle;
    std::optional<std::uint8_t> pending_{};  ///< first byte of a possible marker
    bool pending_at_line_start_ = false;
    char quad_[4] = {};
    std::size_t quad_size_ = 0;
    bool line_padded_ = false;               ///< this line's text already ended with '='
    std::optional<std::size_t> expected_{};  ///< length field: message + CRC bytes
    Bytes frame_buf_{};                      ///< decoded bytes of the frame in progress
    Bytes console_{};                        ///< console bytes not yet queued
    std::deque<FrameEvent> events_{};
};

}  // namespace smp::serial
