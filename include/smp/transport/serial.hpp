// SPDX-License-Identifier: Apache-2.0
#pragma once
// SMP over a serial link (Zephyr smp_transport.rst "SMP over console", uart_mcumgr.c, the raw
// UART transport; MCUboot boot_serial.c), on a tty or on a TCP byte stream (ser2net, QEMU's
// socket chardev). Framing: encoded (base64 lines, serial/framing.hpp) or raw (bare messages,
// raw_framing.hpp). Message size follows the fragmentation strategy (fragmentation.hpp).
//
//     auto t = smp::make_serial_transport(ex, {.device = "/dev/ttyACM0", .baud_rate = 115200});
//     auto q = smp::make_tcp_serial_transport(ex, {.host = "localhost", .port = 5555,
//                                                     .link = {.framing =
//                                                     smp::SerialFraming::raw}});
//
// Console text between frames (log lines, the shell prompt) goes to `on_console`; it is never
// taken for a response. Raw framing cannot carry console text (every byte is SMP).
#include <smp/protocol/serial/fragmentation.hpp>
#include <smp/transport/transport.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace smp {

/// How SMP messages are put on the serial line.
enum class SerialFraming : std::uint8_t {
    encoded,  ///< base64 lines with 0x06 0x09 / 0x04 0x14 markers and a CRC (the default)
    raw,      ///< bare SMP messages (CONFIG_MCUMGR_TRANSPORT_RAW_UART)
};

/// Serial line flow control: none, hardware (RTS/CTS) or software (XON/XOFF).
enum class FlowControl : std::uint8_t { none, hardware, software };

/// What the tty and TCP serial transports share.
struct SerialLinkOptions {
    SerialFraming framing = SerialFraming::encoded;  ///< how messages are put on the line
    /// How large a message may be: Auto (from MCUmgr params buf_size - 4), BufferSize (named
    /// directly) or BufferParams (line length x line buffers). The line length must not
    /// exceed 128 (serial::default_line_length: the device's line buffer, Zephyr
    /// CONFIG_UART_MCUMGR_RX_BUF_SIZE, MCUboot CONFIG_BOOT_MAX_LINE_INPUT_LEN). Raw framing
    /// uses the same budget, which is conservative there (no length and CRC on the wire).
    serial::Fragmentation fragmentation = serial::Auto{};
    /// Called with each piece of console text seen between frames (split after '\n'), on the
    /// transport's executor while a receive is pending. Empty: the text is discarded.
    std::function<void(std::string_view)> on_console{};
    /// Raw framing: a partial message is dropped when no byte arrives for this long (Zephyr
    /// CONFIG_MCUMGR_TRANSPORT_RAW_UART_INPUT_TIMEOUT_TIME_MS), so a garbage header with a
    /// plausible length cannot swallow the following answers.
    std::chrono::milliseconds raw_inactivity_timeout{500};
    /// Write no faster than a UART at this many baud would (10 bits a byte), one line (raw
    /// framing: one 128-byte piece) at a time. For links with no baud rate of their own (a
    /// PTY, USB CDC ACM, a TCP bridge) to a device that decodes each line before it takes
    /// the next: Zephyr's UART transport queues only UART_MCUMGR_RX_BUF_COUNT lines (2 by
    /// default) and drops the rest ("Insufficient buffers, fragment dropped"; seen on the
    /// native_sim smp_svr builds, where a 5-line message in one burst never arrives). Empty:
    /// write each frame at once (a real UART paces itself).
    std::optional<unsigned> pace_baud_rate{};
};

/// A tty. Always 8 data bits, no parity, 1 stop bit (8N1): what Zephyr and MCUboot use.
struct SerialOptions {
    std::string device{};         ///< "/dev/ttyACM0", a PTY path; Windows: "COM3" (any COMn)
    unsigned baud_rate = 115200;  ///< Zephyr's usual console rate
    /// Flow control: none (the default), hardware RTS/CTS or software XON/XOFF.
    FlowControl flow_control = FlowControl::none;
    /// Framing, message size, console text and pacing.
    SerialLinkOptions link{};
};

/// A TCP byte stream carrying the serial bytes unchanged.
struct TcpSerialOptions {
    std::string host{};        ///< host name, IPv4 or IPv6 address
    std::uint16_t port = 0;    ///< the ser2net / QEMU chardev port
    SerialLinkOptions link{};  ///< framing, message size, console text, pacing
};

/// A serial transport on a tty; the port is opened by open().
/// Errors: std::invalid_argument when the fragmentation strategy is invalid or its line
/// length exceeds 128.
std::unique_ptr<Transport> make_serial_transport(asio::any_io_executor executor,
                                                 SerialOptions options);

/// A serial transport on a TCP byte stream; the connection is made by open().
/// Errors: as make_serial_transport.
std::unique_ptr<Transport> make_tcp_serial_transport(asio::any_io_executor executor,
                                                     TcpSerialOptions options);

}  // namespace smp
