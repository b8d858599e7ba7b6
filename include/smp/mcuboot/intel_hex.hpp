// SPDX-License-Identifier: Apache-2.0
#pragma once
// Intel HEX reader (record types 00-05, as written by imgtool/intelhex, objcopy and Zephyr's
// zephyr.hex). Produces one contiguous byte image starting at the lowest data address; gaps
// between records are filled with 0xFF (erased flash).
#include <smp/protocol/bytes.hpp>
#include <smp/protocol/result.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace smp::mcuboot {

/// The bytes an Intel HEX file describes.
struct HexImage {
    std::uint32_t base_address = 0;  ///< address of data[0]
    Bytes data{};  ///< contiguous data from the lowest to the highest address, gaps as 0xFF
    std::optional<std::uint32_t> start_linear_address{};   ///< record 05 (EIP)
    std::optional<std::uint32_t> start_segment_address{};  ///< record 03 (CS << 16 | IP)
};

/// Limits for parse_intel_hex.
struct HexOptions {
    /// Largest span from lowest to highest data address. Gaps cost memory that the input
    /// does not justify, so this bounds what a hostile file can make us allocate.
    std::size_t max_image_size = 64 * 1024 * 1024;
};

/// Parses Intel HEX text. Lines may end in LF or CRLF; blank lines are skipped; nothing may
/// follow the EOF record except blank lines.
/// Errors: Errc::bad_hex with "line N: ..." for a missing ':', bad hex digit, odd length,
/// byte count not matching the line, bad checksum, unknown record type, bad 02/03/04/05
/// length, overlapping data, data beyond 4 GiB, missing EOF record, no data, or an image
/// larger than options.max_image_size.
Result<HexImage> parse_intel_hex(std::string_view text, const HexOptions& options = {});

/// True when `content` looks like Intel HEX (first non-blank character is ':').
bool looks_like_intel_hex(ByteView content) noexcept;

}  // namespace smp::mcuboot
