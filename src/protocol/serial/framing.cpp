// SPDX-License-Identifier: Apache-2.0
// Serial framing encoder (see smp/protocol/serial/framing.hpp for the format and its sources).
#include <smp/protocol/serial/crc16.hpp>
#include <smp/protocol/serial/framing.hpp>

#include <algorithm>
#include <string>

namespace smp::serial {
namespace {

Bytes decoded_frame(ByteView message) {
    const auto total = static_cast<std::uint16_t>(message.size() + 2);  // the CRC is counted
    const std::uint16_t crc = crc16_xmodem(message);
    Bytes frame;
    frame.reserve(decoded_frame_size(message.size()));
    frame.push_back(static_cast<std::uint8_t>(total >> 8));
    frame.push_back(static_cast<std::uint8_t>(total));
    frame.insert(frame.end(), message.begin(), message.end());
    frame.push_back(static_cast<std::uint8_t>(crc >> 8));
    frame.push_back(static_cast<std::uint8_t>(crc));
    return frame;
}

}  // namespace

Status encode_frame_into(ByteView message, Bytes& out, std::size_t line_length) {
    if (line_length < min_line_length)
        return Error{Errc::invalid_argument, "serial line length " + std::to_string(line_length) +
                                                 " is below the minimum of " +
                                                 std::to_string(min_line_length)};
    if (message.size() > max_frame_message_size)
        return Error{Errc::message_too_large, "SMP message of " + std::to_string(message.size()) +
                                                  " bytes exceeds the serial frame limit of " +
                                                  std::to_string(max_frame_message_size)};
    const std::string text = base64::encode(decoded_frame(message));
    const std::size_t per_line = base64_per_line(line_length);
    out.reserve(out.size() + encoded_size(message.size(), line_length));
    for (std::size_t pos = 0; pos < text.size(); pos += per_line) {
        const auto& marker = pos == 0 ? start_marker : continuation_marker;
        out.insert(out.end(), marker.begin(), marker.end());
        const std::size_t n = std::min(per_line, text.size() - pos);
        out.insert(out.end(), text.begin() + static_cast<std::ptrdiff_t>(pos),
                   text.begin() + static_cast<std::ptrdiff_t>(pos + n));
        out.push_back('\n');
    }
    return Unit{};
}

Result<Bytes> encode_frame(ByteView message, std::size_t line_length) {
    Bytes out;
    if (auto status = encode_frame_into(message, out, line_length); !status)
        return std::move(status).error();
    return out;
}

}  // namespace smp::serial
