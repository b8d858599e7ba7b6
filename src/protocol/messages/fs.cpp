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

}  // namespace smp::codec

SMP_DEFINE_CODEC(smp::fs::FileUpload)
SMP_DEFINE_CODEC(smp::fs::FileUploadResponse)
SMP_DEFINE_CODEC(smp::fs::FileDownload)
SMP_DEFINE_CODEC(smp::fs::FileDownloadResponse)
