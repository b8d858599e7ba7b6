// SPDX-License-Identifier: Apache-2.0
#pragma once
// Reading console-framed SMP messages from a file descriptor (a PTY or a TCP socket).
#include <smp/protocol/bytes.hpp>
#include <smp/protocol/serial/decoder.hpp>

#include <poll.h>
#include <unistd.h>
#include <optional>

namespace smp_it {

/// Reads from `fd` into `decoder` until one SMP message is decoded or `timeout_ms` passes
/// without data; bytes after that message stay in the decoder for the next call.
inline std::optional<smp::Bytes> read_serial_message(int fd, smp::serial::Decoder& decoder,
                                                     int timeout_ms = 3000) {
    std::uint8_t buf[256];
    for (;;) {
        while (auto event = decoder.next()) {
            if (event->is_message())
                return std::move(event->bytes);
        }
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, timeout_ms) <= 0)
            return std::nullopt;
        const auto n = ::read(fd, buf, sizeof buf);
        if (n <= 0)
            return std::nullopt;
        decoder.feed(smp::ByteView(buf, static_cast<std::size_t>(n)));
    }
}

}  // namespace smp_it
