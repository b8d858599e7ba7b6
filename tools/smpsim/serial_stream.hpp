// SPDX-License-Identifier: Apache-2.0
#pragma once
// The device side of a serial byte stream: Zephyr's UART line buffer in front of the library's
// console-framing decoder (or the raw decoder), and the matching encoder for responses.
// I/O-free; PtyEndpoint and TcpSerialEndpoint own one per stream.
#include <smp/protocol/serial/decoder.hpp>
#include <smp/protocol/serial/raw_framing.hpp>

#include <vector>

namespace smpsim {

/// Zephyr's uart_mcumgr.c keeps each line in a CONFIG_UART_MCUMGR_RX_BUF_SIZE (128) buffer
/// and discards a longer line up to its newline (shared/protocol.md §5.1); MCUboot's
/// CONFIG_BOOT_MAX_LINE_INPUT_LEN is 128 too. The library decoder accepts any line length
/// (a client must), so the device enforces the limit before decoding.
class LineLimiter {
  public:
    /// `max_line`: CONFIG_UART_MCUMGR_RX_BUF_SIZE, including the '\n'.
    explicit LineLimiter(std::size_t max_line = 128) : max_line_(max_line) {}
    /// The bytes of the lines that fit, newlines included; partial lines are held back.
    smp::Bytes feed(smp::ByteView bytes);

  private:
    std::size_t max_line_;
    smp::Bytes line_{};
    bool discarding_ = false;
};

class SerialStream {
  public:
    /// `max_message`: the largest SMP message the device's buffer takes (buf_size - 4).
    SerialStream(bool raw, std::size_t max_message, std::size_t max_line = 128);
    /// Consumes received bytes; returns the complete SMP messages (framing stripped).
    std::vector<smp::Bytes> feed(smp::ByteView bytes);
    /// The bytes to write for one response message.
    smp::Bytes encode(smp::ByteView message) const;

  private:
    bool raw_;
    LineLimiter lines_;
    smp::serial::Decoder console_;
    smp::serial::RawDecoder raw_decoder_;
};

}  // namespace smpsim
