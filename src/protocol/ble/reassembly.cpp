// SPDX-License-Identifier: Apache-2.0
// BLE write fragmentation and notification reassembly (rules and sources in
// smp/protocol/ble/reassembly.hpp).
#include <smp/protocol/ble/reassembly.hpp>

#include <algorithm>
#include <string>

namespace smp::ble {

std::size_t max_value_size(std::size_t att_mtu) noexcept {
    return std::max(att_mtu, min_att_mtu) - att_overhead;
}

Result<std::vector<Bytes>> fragment(ByteView message, std::size_t att_mtu) {
    if (message.empty())
        return Error{Errc::invalid_argument, "nothing to write over BLE: empty message"};
    const std::size_t piece = max_value_size(att_mtu);
    std::vector<Bytes> writes;
    writes.reserve((message.size() + piece - 1) / piece);
    for (std::size_t pos = 0; pos < message.size(); pos += piece) {
        const auto part = message.subspan(pos, std::min(piece, message.size() - pos));
        writes.emplace_back(part.begin(), part.end());
    }
    return writes;
}

Reassembler::Reassembler(std::size_t max_message_size)
    : max_message_size_(std::clamp(max_message_size, header_size, max_smp_message_size)) {}

Status Reassembler::feed(ByteView notification) {
    if (skip_ > 0) {
        const std::size_t skipped = std::min(skip_, notification.size());
        skip_ -= skipped;
        notification = notification.subspan(skipped);
    }
    buffer_.insert(buffer_.end(), notification.begin(), notification.end());
    return take_messages();
}

Status Reassembler::take_messages() {
    std::optional<Error> first_error;
    while (buffer_.size() >= header_size) {
        const auto header = decode_header(buffer_);
        if (!header) {
            // Zephyr never splits a message's header from a new one mid-notification, so
            // there is no position to resynchronise at but the next notification.
            first_error =
                Error{Errc::decode_error, "BLE notification does not start an SMP header: " +
                                              to_hex(ByteView(buffer_).first(header_size))};
            buffer_.clear();
            break;
        }
        const std::size_t size = header_size + header->length;
        if (size > max_message_size_) {
            const std::size_t dropped = std::min(size, buffer_.size());
            buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(dropped));
            skip_ = size - dropped;
            if (!first_error)
                first_error =
                    Error{Errc::message_too_large, "SMP message of " + std::to_string(size) +
                                                       " bytes over BLE exceeds the limit of " +
                                                       std::to_string(max_message_size_)};
            continue;
        }
        if (buffer_.size() < size)
            break;
        messages_.emplace_back(buffer_.begin(),
                               buffer_.begin() + static_cast<std::ptrdiff_t>(size));
        buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(size));
    }
    if (first_error)
        return std::move(*first_error);
    return Unit{};
}

std::optional<Bytes> Reassembler::next() {
    if (messages_.empty())
        return std::nullopt;
    Bytes message = std::move(messages_.front());
    messages_.pop_front();
    return message;
}

void Reassembler::reset() {
    buffer_.clear();
    skip_ = 0;
    messages_.clear();
}

}  // namespace smp::ble
