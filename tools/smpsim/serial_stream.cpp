// SPDX-License-Identifier: Apache-2.0
#include "serial_stream.hpp"

#include <smp/protocol/serial/framing.hpp>

namespace smpsim {

smp::Bytes LineLimiter::feed(smp::ByteView bytes) {
    smp::Bytes out;
    for (const auto b : bytes) {
        if (!discarding_)
            line_.push_back(b);
        if (b == '\n') {
            if (!discarding_)
                out.insert(out.end(), line_.begin(), line_.end());
            line_.clear();
            discarding_ = false;
        } else if (!discarding_ && line_.size() >= max_line_) {
            // The buffer is full and no newline in it: the whole line is lost.
            line_.clear();
            discarding_ = true;
        }
    }
    return out;
}

SerialStream::SerialStream(bool raw, std::size_t max_message, std::size_t max_line)
    : raw_(raw), lines_(max_line), console_(max_message), raw_decoder_(max_message) {}

std::vector<smp::Bytes> SerialStream::feed(smp::ByteView bytes) {
    std::vector<smp::Bytes> messages;
    auto take = [&messages](auto& decoder) {
        while (auto event = decoder.next()) {
            if (event->is_message())
                messages.push_back(std::move(event->bytes));
        }
    };
    if (raw_) {
        raw_decoder_.feed(bytes);
        take(raw_decoder_);
    } else {
        console_.feed(lines_.feed(bytes));
        take(console_);
    }
    return messages;
}

smp::Bytes SerialStream::encode(smp::ByteView message) const {
    auto framed =
        raw_ ? smp::serial::encode_raw_frame(message) : smp::serial::encode_frame(message);
    return framed ? std::move(*framed) : smp::Bytes{};
}

}  // namespace smpsim
