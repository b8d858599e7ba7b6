// SPDX-License-Identifier: Apache-2.0
// Raw serial framing (rules and sources in raw_framing.hpp).
#include <smp/protocol/serial/raw_framing.hpp>

#include <algorithm>
#include <string>

namespace smp::serial {

Result<Bytes> encode_raw_frame(ByteView message) {
    const auto header = decode_header(message);
    if (!header || message.size() != header_size + header->length)
        return Error{Errc::invalid_argument, "raw framing needs exactly one SMP message; got " +
                                                 std::to_string(message.size()) + " bytes"};
    return Bytes(message.begin(), message.end());
}

RawDecoder::RawDecoder(std::size_t max_message_size)
    : max_message_size_(std::clamp(max_message_size, header_size, max_raw_message_size)) {}

void RawDecoder::feed(ByteView bytes) {
    buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
    while (buffered() >= header_size) {
        const ByteView rest = ByteView(buffer_).subspan(start_);
        if (!header_valid(rest.first(header_size))) {
            drop_garbage(1);
            continue;
        }
        const std::size_t size = header_size + (std::size_t{rest[2]} << 8 | rest[3]);
        if (rest.size() < size)
            break;
        flush_garbage();
        events_.push_back({FrameEvent::Kind::message,
                           Bytes(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(size)),
                           {}});
        start_ += size;
    }
    flush_garbage();  // report garbage now, not when the next message happens to arrive
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(start_));
    start_ = 0;
}

std::optional<FrameEvent> RawDecoder::next() {
    if (events_.empty())
        return std::nullopt;
    FrameEvent event = std::move(events_.front());
    events_.pop_front();
    return event;
}

void RawDecoder::reset() {
    buffer_.clear();
    start_ = 0;
    garbage_.clear();
    events_.clear();
}

bool RawDecoder::header_valid(ByteView head) const {
    const auto header = decode_header(head);  // rejects reserved bits
    return header && static_cast<unsigned>(header->op) <= 3 &&
           header_size + header->length <= max_message_size_;
}

void RawDecoder::drop_garbage(std::size_t count) {
    garbage_.insert(garbage_.end(), buffer_.begin() + static_cast<std::ptrdiff_t>(start_),
                    buffer_.begin() + static_cast<std::ptrdiff_t>(start_ + count));
    start_ += count;
}

void RawDecoder::flush_garbage() {
    if (garbage_.empty())
        return;
    events_.push_back({FrameEvent::Kind::error, std::move(garbage_), FrameError::bad_header});
    garbage_.clear();
}

}  // namespace smp::serial
