#include "serial_codec.hpp"

#include <smp/protocol/header.hpp>

#include <openssl/evp.h>

#include <optional>
#include <string>
#include <utility>

namespace smpsim {
namespace {

std::string base64(smp::ByteView data) {
    std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data.data(),
                                  static_cast<int>(data.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::optional<smp::Bytes> unbase64(smp::ByteView text) {
    if (text.empty() || text.size() % 4 != 0)
        return std::nullopt;
    smp::Bytes out(text.size() / 4 * 3);
    const int n = EVP_DecodeBlock(out.data(), text.data(), static_cast<int>(text.size()));
    if (n < 0)
        return std::nullopt;
    std::size_t pad = 0;
    if (text.back() == '=')
        pad = text[text.size() - 2] == '=' ? 2 : 1;
    out.resize(static_cast<std::size_t>(n) - pad);
    return out;
}

}  // namespace

std::uint16_t crc16_xmodem(smp::ByteView data, std::uint16_t crc) {
    for (auto b : data) {
        crc = static_cast<std::uint16_t>(crc ^ (b << 8));
        for (int i = 0; i < 8; ++i)
            crc = static_cast<std::uint16_t>(crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1);
    }
    return crc;
}

smp::Bytes encode_console_frames(smp::ByteView message) {
    smp::Bytes raw;
    const auto total = message.size() + 2;
    raw.push_back(static_cast<std::uint8_t>(total >> 8));
    raw.push_back(static_cast<std::uint8_t>(total));
    raw.insert(raw.end(), message.begin(), message.end());
    const auto crc = crc16_xmodem(message);
    raw.push_back(static_cast<std::uint8_t>(crc >> 8));
    raw.push_back(static_cast<std::uint8_t>(crc));
    // 93 raw bytes -> 124 base64 characters + 2 marker bytes + newline = 127.
    smp::Bytes out;
    for (std::size_t at = 0; at < raw.size(); at += 93) {
        const bool first = at == 0;
        out.push_back(first ? 0x06 : 0x04);
        out.push_back(first ? 0x09 : 0x14);
        const auto text =
            base64(smp::ByteView(raw).subspan(at, std::min<std::size_t>(93, raw.size() - at)));
        out.insert(out.end(), text.begin(), text.end());
        out.push_back('\n');
    }
    return out;
}

std::vector<smp::Bytes> ConsoleDecoder::feed(smp::ByteView bytes) {
    for (auto b : bytes) {
        if (b == '\n') {
            if (!discarding_)
                line_done();
            discarding_ = false;
            line_.clear();
            continue;
        }
        if (discarding_)
            continue;
        line_.push_back(b);
        if (line_.size() + 1 > max_line) {  // no room left for the newline
            discarding_ = true;
            line_.clear();
        }
    }
    return std::exchange(out_, {});
}

void ConsoleDecoder::line_done() {
    if (!line_.empty() && line_.back() == '\r')
        line_.pop_back();
    if (line_.size() < 2)
        return;
    const bool first = line_[0] == 0x06 && line_[1] == 0x09;
    const bool more = line_[0] == 0x04 && line_[1] == 0x14;
    if (!first && !more)
        return;  // console output, not SMP
    if (more && !in_packet_)
        return;
    auto decoded = unbase64(smp::ByteView(line_).subspan(2));
    if (!decoded) {
        in_packet_ = false;
        return;
    }
    if (first) {
        if (decoded->size() < 2) {
            in_packet_ = false;
            return;
        }
        expected_ = static_cast<std::size_t>((*decoded)[0] << 8 | (*decoded)[1]);
        packet_.assign(decoded->begin() + 2, decoded->end());
        in_packet_ = true;
    } else {
        packet_.insert(packet_.end(), decoded->begin(), decoded->end());
    }
    if (packet_.size() < expected_)
        return;
    in_packet_ = false;
    if (packet_.size() > expected_ || expected_ < 2 || crc16_xmodem(packet_) != 0)
        return;  // silently dropped, like Zephyr
    packet_.resize(expected_ - 2);
    out_.push_back(std::move(packet_));
    packet_.clear();
}

std::vector<smp::Bytes> RawDecoder::feed(smp::ByteView bytes) {
    buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
    std::vector<smp::Bytes> out;
    while (buffer_.size() >= smp::header_size) {
        const std::size_t len = static_cast<std::size_t>(buffer_[2] << 8 | buffer_[3]);
        if (buffer_.size() < smp::header_size + len)
            break;
        const auto end = buffer_.begin() + static_cast<std::ptrdiff_t>(smp::header_size + len);
        out.emplace_back(buffer_.begin(), end);
        buffer_.erase(buffer_.begin(), end);
    }
    return out;
}

}  // namespace smpsim
