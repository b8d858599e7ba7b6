// SPDX-License-Identifier: Apache-2.0
#pragma once
// File system management, group 8 (Zephyr smp_group_8.rst, fs_mgmt.c; shared/protocol.md §4.4).
#include <smp/protocol/message.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>

/// File system management, group 8: file upload, download, status, hash and close.
namespace smp::fs {

/// Answer to one FileUpload chunk.
struct FileUploadResponse {
    std::optional<std::uint64_t> off{};  ///< bytes of the file now written
    std::optional<std::int64_t> rc{};    ///< legacy servers add rc 0
    Extra extra{};                       ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const FileUploadResponse&, const FileUploadResponse&) = default;
};
/// File upload (0, write). `len` is required at off 0.
struct FileUpload {
    static constexpr Group group = Group::fs;   ///< header group id: file system (8)
    static constexpr std::uint8_t command = 0;  ///< header command id
    static constexpr Op op = Op::write;         ///< header op of the request (write)
    using Response = FileUploadResponse;        ///< payload type of the device's answer
    std::uint64_t off = 0;                      ///< byte offset of this chunk in the file
    Bytes data{};                               ///< the chunk's bytes
    std::string name{};  ///< absolute path of the file on the device, e.g. "/lfs/a.txt"
    std::optional<std::uint64_t> len{};  ///< total file size in bytes; sent with the chunk at off 0
    /// Field-by-field equality.
    friend bool operator==(const FileUpload&, const FileUpload&) = default;
};

/// Answer to one FileDownload request: the next chunk of the file.
struct FileDownloadResponse {
    std::uint64_t off = 0;  ///< byte offset of this chunk in the file (echoes the request)
    Bytes data{};           ///< empty at end of file
    std::optional<std::uint64_t> len{};  ///< total file size, in the answer to off 0
    std::optional<std::int64_t> rc{};    ///< legacy servers add rc 0
    Extra extra{};                       ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const FileDownloadResponse&, const FileDownloadResponse&) = default;
};
/// File download (0, read): the device picks the chunk size.
struct FileDownload {
    static constexpr Group group = Group::fs;   ///< header group id: file system (8)
    static constexpr std::uint8_t command = 0;  ///< header command id
    static constexpr Op op = Op::read;          ///< header op of the request (read)
    using Response = FileDownloadResponse;      ///< payload type of the device's answer
    std::uint64_t off = 0;                      ///< byte offset to read from
    std::string name{};                         ///< absolute path of the file on the device
    /// Field-by-field equality.
    friend bool operator==(const FileDownload&, const FileDownload&) = default;
};

/// Answer to FileStatus.
struct FileStatusResponse {
    std::uint64_t len = 0;  ///< file size in bytes
    Extra extra{};          ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const FileStatusResponse&, const FileStatusResponse&) = default;
};
/// File status (1, read): the size of a file.
struct FileStatus {
    static constexpr Group group = Group::fs;   ///< header group id: file system (8)
    static constexpr std::uint8_t command = 1;  ///< header command id
    static constexpr Op op = Op::read;          ///< header op of the request (read)
    using Response = FileStatusResponse;        ///< payload type of the device's answer
    std::string name{};                         ///< absolute path of the file on the device
    /// Field-by-field equality.
    friend bool operator==(const FileStatus&, const FileStatus&) = default;
};

/// A checksum (crc32) is an unsigned integer; a hash (sha256) is a byte string.
using HashOutput = std::variant<std::uint64_t, Bytes>;

/// Answer to FileHash.
struct FileHashResponse {
    std::string type{};                  ///< "crc32" or "sha256"
    std::optional<std::uint64_t> off{};  ///< only sent when not 0
    std::uint64_t len = 0;               ///< bytes hashed
    HashOutput output{};  ///< the checksum (integer) or hash (byte string) of the range
    Extra extra{};        ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const FileHashResponse&, const FileHashResponse&) = default;
};
/// File hash/checksum (2, read) of `len` bytes from `off` (whole file by default).
struct FileHash {
    static constexpr Group group = Group::fs;   ///< header group id: file system (8)
    static constexpr std::uint8_t command = 2;  ///< header command id
    static constexpr Op op = Op::read;          ///< header op of the request (read)
    using Response = FileHashResponse;          ///< payload type of the device's answer
    std::string name{};                         ///< absolute path of the file on the device
    std::optional<std::string> type{};          ///< device default (crc32 when built in) if absent
    std::optional<std::uint64_t> off{};         ///< first byte to hash (0 when absent)
    std::optional<std::uint64_t> len{};  ///< bytes to hash (up to the end of the file when absent)
    /// Field-by-field equality.
    friend bool operator==(const FileHash&, const FileHash&) = default;
};

/// How a hash type's output is encoded (fs_mgmt_hash_checksum.h).
struct HashFormat {
    /// The output is a CBOR unsigned integer (checksums such as crc32).
    static constexpr std::uint64_t integer = 0;
    /// The output is a CBOR byte string (hashes such as sha256).
    static constexpr std::uint64_t byte_string = 1;
};
/// One hash/checksum type the device offers (a value of SupportedHashesResponse::types).
struct HashType {
    std::uint64_t format = 0;  ///< HashFormat::integer or HashFormat::byte_string
    std::uint64_t size = 0;    ///< output size in bytes
    Extra extra{};             ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const HashType&, const HashType&) = default;
};
/// Answer to SupportedHashes.
struct SupportedHashesResponse {
    std::map<std::string, HashType> types{};  ///< by name, e.g. "crc32", "sha256"
    Extra extra{};                            ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const SupportedHashesResponse&,
                           const SupportedHashesResponse&) = default;
};
/// Supported hash/checksum types (3, read).
struct SupportedHashes {
    static constexpr Group group = Group::fs;   ///< header group id: file system (8)
    static constexpr std::uint8_t command = 3;  ///< header command id
    static constexpr Op op = Op::read;          ///< header op of the request (read)
    using Response = SupportedHashesResponse;   ///< payload type of the device's answer
    /// Field-by-field equality.
    friend bool operator==(const SupportedHashes&, const SupportedHashes&) = default;
};

/// Answer to FileClose: nothing beyond success.
struct FileCloseResponse {
    Extra extra{};  ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const FileCloseResponse&, const FileCloseResponse&) = default;
};
/// Close (4, write): closes the file an upload or download left open (newer Zephyr).
struct FileClose {
    static constexpr Group group = Group::fs;   ///< header group id: file system (8)
    static constexpr std::uint8_t command = 4;  ///< header command id
    static constexpr Op op = Op::write;         ///< header op of the request (write)
    using Response = FileCloseResponse;         ///< payload type of the device's answer
    /// Field-by-field equality.
    friend bool operator==(const FileClose&, const FileClose&) = default;
};

}  // namespace smp::fs
