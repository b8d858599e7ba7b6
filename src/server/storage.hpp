// SPDX-License-Identifier: Apache-2.0
#pragma once
// Persistence helpers for the state directory: whole-file reads and atomic replacement
// (write a temporary file, then rename over the old one, so a crash or SIGTERM never leaves
// a half-written slot or settings file).
#include <smp/protocol/bytes.hpp>

#include <filesystem>
#include <optional>

namespace smp::server {

std::optional<Bytes> read_file(const std::filesystem::path& path);
/// False on I/O failure (the device model keeps running from memory).
bool write_file_atomically(const std::filesystem::path& path, ByteView data);

}  // namespace smp::server
