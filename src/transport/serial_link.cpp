// SPDX-License-Identifier: Apache-2.0
// The byte-level half of the serial transports (see serial_link.hpp).
#include "transport/serial_link.hpp"

#include <asio/error.hpp>
#include <asio/system_error.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <string_view>

namespace smp::detail {
namespace {

std::size_t checked_budget(const serial::Fragmentation& strategy,
                           std::optional<std::size_t> buf_size) {
    auto budget = serial::max_message_size(strategy, buf_size);
    if (!budget)
        throw std::invalid_argument("serial fragmentation: " + budget.error().message());
    return *budget;
}

}  // namespace

SerialLink::SerialLink(SerialLinkOptions options)
    : options_(std::move(options)),
      line_length_(serial::line_length(options_.fragmentation)),
      budget_(checked_budget(options_.fragmentation, std::nullopt)) {
    // The device's line buffer is 128 bytes (Zephyr CONFIG_UART_MCUMGR_RX_BUF_SIZE, MCUboot
    // CONFIG_BOOT_MAX_LINE_INPUT_LEN) and it drops the rest of a longer line.
    if (line_length_ > serial::default_line_length)
        throw std::invalid_argument("serial line length " + std::to_string(line_length_) +
                                    " exceeds the devices' 128-byte line buffer");
}

void SerialLink::set_device_buffer_size(std::size_t buf_size) {
    // Only Auto follows the device; BufferSize and BufferParams are the caller's word.
    budget_ = checked_budget(options_.fragmentation, buf_size);
}

Bytes SerialLink::encode(ByteView message) const {
    auto frame = options_.framing == SerialFraming::raw
                     ? serial::encode_raw_frame(message)
                     : serial::encode_frame(message, line_length_);
    if (!frame)
        throw asio::system_error(asio::error::invalid_argument,
                                 "serial framing: " + frame.error().message());
    return std::move(*frame);
}

std::size_t SerialLink::paced_piece(ByteView rest) const noexcept {
    // Encoded frames go a line at a time (up to and including its newline): that is the unit
    // the device's receive pool holds. Raw frames have no lines; a line's worth of bytes
    // keeps the same rhythm.
    if (options_.framing == SerialFraming::encoded) {
        for (std::size_t i = 0; i < rest.size(); ++i)
            if (rest[i] == '\n')
                return i + 1;
        return rest.size();
    }
    return std::min(rest.size(), serial::default_line_length);
}

std::chrono::nanoseconds SerialLink::paced_duration(std::size_t bytes) const noexcept {
    if (!options_.pace_baud_rate || *options_.pace_baud_rate == 0)
        return {};
    // 8N1: a start bit, 8 data bits and a stop bit per byte.
    constexpr std::uint64_t bits_per_byte = 10;
    return std::chrono::nanoseconds(bytes * bits_per_byte * 1'000'000'000ULL /
                                    *options_.pace_baud_rate);
}

template <class Decoder>
void SerialLink::drain(Decoder& decoder) {
    while (auto event = decoder.next()) {
        if (event->is_message()) {
            messages_.push_back(std::move(event->bytes));
        } else if (event->is_console()) {
            if (options_.on_console)
                options_.on_console(std::string_view(
                    reinterpret_cast<const char*>(event->bytes.data()), event->bytes.size()));
        } else {
            ++dropped_frames_;  // a broken frame: its request times out and is retried
        }
    }
}

void SerialLink::feed(ByteView bytes, Clock::time_point now) {
    if (options_.framing == SerialFraming::raw) {
        // Zephyr's raw UART drops a partial packet after an input timeout. Checking the gap
        // when the next bytes arrive has the same effect on what is decoded, without a timer.
        if (raw_decoder_.buffered() > 0 && last_input_ &&
            now - *last_input_ > options_.raw_inactivity_timeout) {
            raw_decoder_.reset();
            ++dropped_frames_;
        }
        last_input_ = now;
        raw_decoder_.feed(bytes);
        drain(raw_decoder_);
    } else {
        decoder_.feed(bytes);
        drain(decoder_);
    }
}

std::optional<Bytes> SerialLink::next_message() {
    if (messages_.empty())
        return std::nullopt;
    Bytes message = std::move(messages_.front());
    messages_.pop_front();
    return message;
}

void SerialLink::reset() {
    decoder_.reset();
    raw_decoder_.reset();
    last_input_.reset();
    messages_.clear();
}

}  // namespace smp::detail
