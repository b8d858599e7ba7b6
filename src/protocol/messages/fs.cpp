// SPDX-License-Identifier: Apache-2.0
// CBOR mapping of the file system group's messages (keys from Zephyr fs_mgmt.c).
#include <smp/protocol/messages/fs.hpp>

#include "protocol/codec/describe.hpp"

namespace smp::codec {
using namespace smp::fs;

template <>
struct Describe<FileUpload> {
    static constexpr std::string_view name = "fs::FileUpload";
    static constexpr auto fields =
        std::make_tuple(field("off", &FileUpload::off), field("data", &FileUpload::data),
                        field("name", &FileUpload::name), field("len", &FileUpload::len));
};
template <>
struct Describe<FileUploadResponse> {
    static constexpr std::string_view name = "fs::FileUploadResponse";
    static constexpr auto fields = std::make_tuple(field("off", &FileUploadResponse::off),
                                                   field("rc", &FileUploadResponse::rc));
};
template <>
struct Describe<FileDownload> {
    static constexpr std::string_view name = "fs::FileDownload";
    static constexpr auto fields =
        std::make_tuple(field("off", &FileDownload::off), field("name", &FileDownload::name));
};
template <>
struct Describe<FileDownloadResponse> {
    static constexpr std::string_view name = "fs::FileDownloadResponse";
    static constexpr auto fields = std::make_tuple(
        field("off", &FileDownloadResponse::off), field("data", &FileDownloadResponse::data),
        field("len", &FileDownloadResponse::len), field("rc", &FileDownloadResponse::rc));
};

template <>
struct Describe<FileStatus> {
    static constexpr std::string_view name = "fs::FileStatus";
    static constexpr auto fields = std::make_tuple(field("name", &FileStatus::name));
};
template <>
struct Describe<FileStatusResponse> {
    static constexpr std::string_view name = "fs::FileStatusResponse";
    static constexpr auto fields = std::make_tuple(field("len", &FileStatusResponse::len));
};
template <>
struct Describe<FileHash> {
    static constexpr std::string_view name = "fs::FileHash";
    static constexpr auto fields =
        std::make_tuple(field("name", &FileHash::name), field("type", &FileHash::type),
                        field("off", &FileHash::off), field("len", &FileHash::len));
};
// Key order as fs_mgmt.c writes it.
template <>
struct Describe<FileHashResponse> {
    static constexpr std::string_view name = "fs::FileHashResponse";
    static constexpr auto fields = std::make_tuple(
        field("type", &FileHashResponse::type), field("off", &FileHashResponse::off),
        field("len", &FileHashResponse::len), field("output", &FileHashResponse::output));
};
template <>
struct Describe<HashType> {
    static constexpr std::string_view name = "fs::HashType";
    static constexpr auto fields =
        std::make_tuple(field("format", &HashType::format), field("size", &HashType::size));
};
template <>
struct Describe<SupportedHashes> {
    static constexpr std::string_view name = "fs::SupportedHashes";
    static constexpr auto fields = std::make_tuple();
};
template <>
struct Describe<SupportedHashesResponse> {
    static constexpr std::string_view name = "fs::SupportedHashesResponse";
    static constexpr auto fields = std::make_tuple(field("types", &SupportedHashesResponse::types));
};
template <>
struct Describe<FileClose> {
    static constexpr std::string_view name = "fs::FileClose";
    static constexpr auto fields = std::make_tuple();
};
template <>
struct Describe<FileCloseResponse> {
    static constexpr std::string_view name = "fs::FileCloseResponse";
    static constexpr auto fields = std::make_tuple();
};

}  // namespace smp::codec

SMP_DEFINE_CODEC(smp::fs::FileUpload)
SMP_DEFINE_CODEC(smp::fs::FileUploadResponse)
SMP_DEFINE_CODEC(smp::fs::FileDownload)
SMP_DEFINE_CODEC(smp::fs::FileDownloadResponse)
SMP_DEFINE_CODEC(smp::fs::FileStatus)
SMP_DEFINE_CODEC(smp::fs::FileStatusResponse)
SMP_DEFINE_CODEC(smp::fs::FileHash)
SMP_DEFINE_CODEC(smp::fs::FileHashResponse)
SMP_DEFINE_CODEC(smp::fs::SupportedHashes)
SMP_DEFINE_CODEC(smp::fs::SupportedHashesResponse)
SMP_DEFINE_CODEC(smp::fs::FileClose)
SMP_DEFINE_CODEC(smp::fs::FileCloseResponse)
