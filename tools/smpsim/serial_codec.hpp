#pragma once
// SMP console framing (Zephyr serial_util.c / uart_mcumgr.c; shared/protocol.md §5.1, §5.2),
// the device side: a line-based decoder that enforces Zephyr's 128-byte line buffer and an
// encoder that cuts frames like mcumgr_serial_tx_pkt. I/O-free. To be replaced by the
// library's serial framing codec once it lands on main.
#include <smp/protocol/bytes.hpp>

#include <functional>
#include <vector>

namespace smpsim {

/// CRC-16/XMODEM (crc16_itu_t seeded 0).
std::uint16_t crc16_xmodem(smp::ByteView data, std::uint16_t crc = 0);

/// Encodes one SMP message into console frames (base64 lines, <= 127 bytes each).
smp::Bytes encode_console_frames(smp::ByteView message);

class ConsoleDecoder {
  public:
    /// CONFIG_UART_MCUMGR_RX_BUF_SIZE: a line (with its newline) longer than this is discarded.
    static constexpr std::size_t max_line = 128;
    /// Feeds bytes; returns the complete SMP messages (CRC checked and stripped).
    std::vector<smp::Bytes> feed(smp::ByteView bytes);

  private:
    void line_done();
    smp::Bytes line_{};
    bool discarding_ = false;
    bool in_packet_ = false;
    smp::Bytes packet_{};  ///< decoded bytes after the 2-byte length
    std::size_t expected_ = 0;
    std::vector<smp::Bytes> out_{};
};

/// Raw SMP on the wire: boundaries from the header's length field.
class RawDecoder {
  public:
    std::vector<smp::Bytes> feed(smp::ByteView bytes);

  private:
    smp::Bytes buffer_{};
};

}  // namespace smpsim
