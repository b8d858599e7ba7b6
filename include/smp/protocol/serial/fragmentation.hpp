// SPDX-License-Identifier: Apache-2.0
#pragma once
// How big an SMP message the serial transport may send: the fragmentation strategies of
// Python smpclient's SMPSerialTransport (README "Server Buffers & SMP Serial Fragmentation";
// shared/research/python-smpclient-family.md §1.3), as pure computations.
//
// The device decodes each line as it arrives into one reassembly buffer (Zephyr
// MCUMGR_TRANSPORT_NETBUF_SIZE, MCUboot BOOT_SERIAL_MAX_RECEIVE_SIZE) that holds the decoded
// frame: length (2) + message + CRC (2). So the message budget is that buffer's size - 4.
// The line-buffer count (Zephyr UART_MCUMGR_RX_BUF_COUNT, MCUboot BOOT_LINE_BUFS) is only a
// queue and does not limit the frame; BufferParams exists for setups that want it to.
//
//     auto budget = smp::serial::max_message_size(smp::serial::Auto{}, params.buf_size);
//
// Thread safety: pure functions.
#include <smp/protocol/result.hpp>
#include <smp/protocol/serial/framing.hpp>

#include <cstddef>
#include <optional>
#include <variant>

namespace smp::serial {

/// Fill the buffer the device advertises in MCUmgr params (OS group command 6, buf_size):
/// message budget = buf_size - 4. Without params (MCUboot serial recovery usually has none,
/// mcuboot#2746) it falls back to auto_fallback: the largest message whose encoded frame
/// fits two lines of line_length bytes (182 bytes for 128), small enough for any real device.
struct Auto {
    /// Encoded line length in bytes (markers and newline included).
    std::size_t line_length = default_line_length;
};

/// The device's decoded reassembly buffer named directly (e.g. MCUboot serial recovery's
/// BOOT_SERIAL_MAX_RECEIVE_SIZE, or to override what params say): budget = buf_size - 4.
struct BufferSize {
    std::size_t buf_size = 0;  ///< the device's decoded receive buffer, in bytes
    /// Encoded line length in bytes (markers and newline included).
    std::size_t line_length = default_line_length;
};

/// An encoded line-buffer budget: the whole encoded frame (markers and newlines included)
/// must fit line_length * line_buffers bytes. Deliberately under-fills modern devices.
struct BufferParams {
    /// Encoded line length, and size of one device line buffer, in bytes.
    std::size_t line_length = default_line_length;
    std::size_t line_buffers = 1;  ///< how many such line buffers the frame may fill
};

/// One of the strategies above.
using Fragmentation = std::variant<Auto, BufferSize, BufferParams>;

/// What Auto uses without params: an encoded budget of two 128-byte lines (Python smpclient's
/// fallback).
inline constexpr BufferParams auto_fallback{default_line_length, 2};

/// The smallest useful message: an SMP header and an empty CBOR map.
inline constexpr std::size_t min_message_size = 9;

/// The SMP message budget (8-byte header + CBOR payload) the strategy allows.
/// `advertised_buf_size` is the device's MCUmgr params buf_size, used by Auto only.
/// Budgets above the serial format's ceiling (serial::max_frame_message_size) are capped to it.
/// Errors: Errc::invalid_argument when a line length is below min_line_length, when
/// line_buffers is 0, or when the resulting budget is below min_message_size (named in the
/// detail).
Result<std::size_t> max_message_size(const Fragmentation& strategy,
                                     std::optional<std::size_t> advertised_buf_size = {});

/// The line length the encoder must use with this strategy.
std::size_t line_length(const Fragmentation& strategy) noexcept;

}  // namespace smp::serial
