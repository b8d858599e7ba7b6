// SPDX-License-Identifier: Apache-2.0
#pragma once
// Loading an image to upload: raw binary or Intel HEX, chosen by extension or content, and
// checked as an MCUboot image.
#include <smp/mcuboot/intel_hex.hpp>
#include <smp/mcuboot/mcuboot_image.hpp>
#include <smp/protocol/bytes.hpp>
#include <smp/protocol/result.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smp::mcuboot {

/// How an image file is encoded: `binary` (raw bytes) or `intel_hex` (Intel HEX text).
enum class FileFormat : std::uint8_t { binary, intel_hex };

/// An image read from a file or memory, ready to upload.
struct ImageFile {
    FileFormat format = FileFormat::binary;       ///< how the input was encoded
    std::optional<std::uint32_t> base_address{};  ///< Intel HEX only: address of bytes[0]
    Bytes bytes{};         ///< what an upload sends (for HEX: the decoded, gap-filled image)
    McubootImage image{};  ///< parsed from `bytes`; image.file_sha256 is the upload `sha`
};

/// Decodes an image held in memory. `name` (a file name, may be empty) selects Intel HEX
/// when it ends in ".hex"/".ihex" (any case); otherwise content starting with ':' is HEX
/// and anything else is binary.
/// Errors: Errc::bad_hex (with line number), Errc::bad_image (with offset).
Result<ImageFile> read_image(ByteView content, std::string_view name = {});

/// Reads the file at `path` and calls read_image. Errors: as read_image, plus the OS error
/// (std::generic_category) when the file cannot be read, with the path in the detail.
Result<ImageFile> load_image_file(const std::string& path);

}  // namespace smp::mcuboot
