#pragma once
// File system management, group 8 (Zephyr smp_group_8.rst, fs_mgmt.c; shared/protocol.md §4.4).
#include <smp/protocol/message.hpp>

#include <cstdint>
#include <optional>
#include <string>

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

}  // namespace smp::fs
