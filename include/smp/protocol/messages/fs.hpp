// SPDX-License-Identifier: Apache-2.0
#pragma once
// File system management, group 8 (Zephyr smp_group_8.rst, fs_mgmt.c; shared/protocol.md §4.4).
#include <smp/protocol/message.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>

namespace smp::fs {

struct FileUploadResponse {
    std::optional<std::uint64_t> off{};  ///< bytes of the file now written
    std::optional<std::int64_t> rc{};    ///< legacy servers add rc 0
    Extra extra{};
    friend bool operator==(const FileUploadResponse&, const FileUploadResponse&) = default;
};
/// File upload (0, write). `len` is required at off 0.
struct FileUpload {
    static constexpr Group group = Group::fs;
    static constexpr std::uint8_t command = 0;
    static constexpr Op op = Op::write;
    using Response = FileUploadResponse;
    std::uint64_t off = 0;
    Bytes data{};
    std::string name{};
    std::optional<std::uint64_t> len{};
    friend bool operator==(const FileUpload&, const FileUpload&) = default;
};

struct FileDownloadResponse {
    std::uint64_t off = 0;
    Bytes data{};                        ///< empty at end of file
    std::optional<std::uint64_t> len{};  ///< total file size, in the answer to off 0
    std::optional<std::int64_t> rc{};
    Extra extra{};
    friend bool operator==(const FileDownloadResponse&, const FileDownloadResponse&) = default;
};
/// File download (0, read): the device picks the chunk size.
struct FileDownload {
    static constexpr Group group = Group::fs;
    static constexpr std::uint8_t command = 0;
    static constexpr Op op = Op::read;
    using Response = FileDownloadResponse;
    std::uint64_t off = 0;
    std::string name{};
    friend bool operator==(const FileDownload&, const FileDownload&) = default;
};

struct FileStatusResponse {
    std::uint64_t len = 0;  ///< file size in bytes
    Extra extra{};
    friend bool operator==(const FileStatusResponse&, const FileStatusResponse&) = default;
};
/// File status (1, read): the size of a file.
struct FileStatus {
    static constexpr Group group = Group::fs;
    static constexpr std::uint8_t command = 1;
    static constexpr Op op = Op::read;
    using Response = FileStatusResponse;
    std::string name{};
    friend bool operator==(const FileStatus&, const FileStatus&) = default;
};

/// A checksum (crc32) is an unsigned integer; a hash (sha256) is a byte string.
using HashOutput = std::variant<std::uint64_t, Bytes>;

struct FileHashResponse {
    std::string type{};                  ///< "crc32" or "sha256"
    std::optional<std::uint64_t> off{};  ///< only sent when not 0
    std::uint64_t len = 0;               ///< bytes hashed
    HashOutput output{};
    Extra extra{};
    friend bool operator==(const FileHashResponse&, const FileHashResponse&) = default;
};
/// File hash/checksum (2, read) of `len` bytes from `off` (whole file by default).
struct FileHash {
    static constexpr Group group = Group::fs;
    static constexpr std::uint8_t command = 2;
    static constexpr Op op = Op::read;
    using Response = FileHashResponse;
    std::string name{};
    std::optional<std::string> type{};  ///< device default (crc32 when built in) if absent
    std::optional<std::uint64_t> off{};
    std::optional<std::uint64_t> len{};
    friend bool operator==(const FileHash&, const FileHash&) = default;
};

/// How a hash type's output is encoded (fs_mgmt_hash_checksum.h).
struct HashFormat {
    static constexpr std::uint64_t integer = 0;
    static constexpr std::uint64_t byte_string = 1;
};
struct HashType {
    std::uint64_t format = 0;  ///< HashFormat::integer or HashFormat::byte_string
    std::uint64_t size = 0;    ///< output size in bytes
    Extra extra{};
    friend bool operator==(const HashType&, const HashType&) = default;
};
struct SupportedHashesResponse {
    std::map<std::string, HashType> types{};  ///< by name, e.g. "crc32", "sha256"
    Extra extra{};
    friend bool operator==(const SupportedHashesResponse&,
                           const SupportedHashesResponse&) = default;
};
/// Supported hash/checksum types (3, read).
struct SupportedHashes {
    static constexpr Group group = Group::fs;
    static constexpr std::uint8_t command = 3;
    static constexpr Op op = Op::read;
    using Response = SupportedHashesResponse;
    friend bool operator==(const SupportedHashes&, const SupportedHashes&) = default;
};

struct FileCloseResponse {
    Extra extra{};
    friend bool operator==(const FileCloseResponse&, const FileCloseResponse&) = default;
};
/// Close (4, write): closes the file an upload or download left open (newer Zephyr).
struct FileClose {
    static constexpr Group group = Group::fs;
    static constexpr std::uint8_t command = 4;
    static constexpr Op op = Op::write;
    using Response = FileCloseResponse;
    friend bool operator==(const FileClose&, const FileClose&) = default;
};

}  // namespace smp::fs
