// SPDX-License-Identifier: Apache-2.0
// Streaming serial framing decoder (rules and sources in smp/protocol/serial/decoder.hpp).
#include <smp/protocol/serial/crc16.hpp>
#include <smp/protocol/serial/decoder.hpp>

#include <algorithm>

namespace smp::serial {

Decoder::Decoder(std::size_t max_message_size)
    : max_message_size_(std::min(max_message_size, max_frame_message_size)) {}

void Decoder::feed(ByteView bytes) {
    for (const std::uint8_t b : bytes)
        on_byte(b);
    // Hand back console text now rather than at its newline: a shell prompt has none.
    flush_console();
}

std::optional<FrameEvent> Decoder::next() {
    if (events_.empty())
        return std::nullopt;
    FrameEvent event = std::move(events_.front());
    events_.pop_front();
    return event;
}

void Decoder::reset() {
    line_ = Line::start;
    frame_ = Frame::idle;
    pending_.reset();
    quad_size_ = 0;
    line_padded_ = false;
    expected_.reset();
    frame_buf_.clear();
    console_.clear();
    events_.clear();
}

void Decoder::on_byte(std::uint8_t b) {
    if (pending_) {
        const std::uint8_t first = *pending_;
        pending_.reset();
        if (first == start_marker[0] && b == start_marker[1])
            return begin_start_line();
        if (first == continuation_marker[0] && b == continuation_marker[1] &&
            pending_at_line_start_)
            return begin_continuation_line();
        plain_byte(first);  // not a marker after all; `b` is examined afresh below
    }
    // The start marker counts anywhere, the continuation marker only at a line start (it
    // makes sense only right after the previous line of the same frame).
    if (b == start_marker[0] || (b == continuation_marker[0] && line_ == Line::start)) {
        pending_ = b;
        pending_at_line_start_ = line_ == Line::start;
        return;
    }
    plain_byte(b);
}

void Decoder::plain_byte(std::uint8_t b) {
    switch (line_) {
        case Line::start:
        case Line::console:
            console_.push_back(b);
            line_ = b == '\n' ? Line::start : Line::console;
            if (b == '\n')
                flush_console();
            return;
        case Line::smp:
            return smp_byte(b);
        case Line::skip:
            if (b == '\n')
                line_ = Line::start;
            return;
    }
}

void Decoder::smp_byte(std::uint8_t b) {
    if (b == '\n') {
        line_ = Line::start;
        return end_smp_line();
    }
    if (b == '\r')
        return;
    const char c = static_cast<char>(b);
    if (line_padded_ || (base64::decode_char(c) < 0 && c != '='))
        return fail(FrameError::bad_base64);
    quad_[quad_size_++] = c;
    if (quad_size_ < 4)
        return;
    quad_size_ = 0;
    const std::size_t n = base64::decode_quad(quad_, frame_buf_);
    if (n == 0)
        return fail(FrameError::bad_base64);
    line_padded_ = n < 3;
    check_length();
}

void Decoder::begin_start_line() {
    flush_console();  // text before a mid-line marker belongs before the frame
    if (frame_ == Frame::assembling)
        push({FrameEvent::Kind::error, {}, FrameError::truncated});
    frame_ = Frame::assembling;
    frame_buf_.clear();
    expected_.reset();
    line_ = Line::smp;
    quad_size_ = 0;
    line_padded_ = false;
}

void Decoder::begin_continuation_line() {
    quad_size_ = 0;
    line_padded_ = false;
    if (frame_ == Frame::assembling) {
        line_ = Line::smp;
        return;
    }
    line_ = Line::skip;
    if (frame_ == Frame::idle) {
        push({FrameEvent::Kind::error, {}, FrameError::continuation_without_start});
        frame_ = Frame::discarding;  // its further continuation lines are dropped silently
    }
}

void Decoder::end_smp_line() {
    if (quad_size_ != 0)
        return fail(FrameError::bad_base64);  // lines are decoded alone: whole groups only
    line_padded_ = false;
    if (expected_ && frame_buf_.size() == 2 + *expected_)
        finish_frame();
}

// Checks the decoded bytes against the length field; drops the frame when they disagree.
void Decoder::check_length() {
    if (!expected_ && frame_buf_.size() >= 2) {
        const std::size_t total = std::size_t{frame_buf_[0]} << 8 | frame_buf_[1];
        if (total < 2) {
            return fail(FrameError::length_mismatch);
        }
        if (total - 2 > max_message_size_)
            return fail(FrameError::oversize);
        expected_ = total;
    }
    if (expected_ && frame_buf_.size() > 2 + *expected_)
        fail(FrameError::length_mismatch);
}

void Decoder::finish_frame() {
    // The receiver's check (Zephyr and MCUboot): CRC over message + received CRC is 0.
    const ByteView body = ByteView(frame_buf_).subspan(2);
    if (crc16_xmodem(body) != 0)
        return fail(FrameError::bad_crc);
    push({FrameEvent::Kind::message, Bytes(body.begin(), body.end() - 2), {}});
    frame_ = Frame::idle;
    frame_buf_.clear();
    expected_.reset();
}

void Decoder::fail(FrameError error) {
    push({FrameEvent::Kind::error, {}, error});
    frame_ = Frame::discarding;
    frame_buf_.clear();
    expected_.reset();
    quad_size_ = 0;
    line_padded_ = false;
    if (line_ == Line::smp)
        line_ = Line::skip;
}

void Decoder::flush_console() {
    if (console_.empty())
        return;
    events_.push_back({FrameEvent::Kind::console, std::move(console_), {}});
    console_.clear();
}

void Decoder::push(FrameEvent event) {
    flush_console();
    events_.push_back(std::move(event));
}

}  // namespace smp::serial
