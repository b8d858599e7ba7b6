#pragma once
// Image management, group 1 (Zephyr smp_group_1.rst, img_mgmt.c; shared/protocol.md §4.1, §6).
#include <smp/protocol/message.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace smp::image {

struct UploadResponse {
    std::optional<std::uint64_t>
        off{};                    ///< next offset the device expects (absent on MCUboot errors)
    std::optional<bool> match{};  ///< on the last chunk: device's SHA-256 equals `sha`
    std::optional<std::int64_t> rc{};  ///< MCUboot and legacy Zephyr send rc 0 on success
    Extra extra{};
    friend bool operator==(const UploadResponse&, const UploadResponse&) = default;
};
/// Image upload (1). The first chunk (off 0) carries len, and optionally image, sha and
/// upgrade; later chunks carry only off and data. Key order on the wire: image, len, off,
/// sha, data, upgrade (chunk sizing depends only on sizes, not order).
struct Upload {
    static constexpr Group group = Group::image;
    static constexpr std::uint8_t command = 1;
    static constexpr Op op = Op::write;
    using Response = UploadResponse;
    std::optional<std::uint32_t> image{};  ///< image number, first chunk only
    std::optional<std::uint64_t> len{};    ///< total image size, required at off 0
    std::uint64_t off = 0;
    std::optional<Bytes> sha{};  ///< SHA-256 of the whole file (<= 32 bytes), off 0 only
    Bytes data{};
    std::optional<bool> upgrade{};  ///< refuse unless newer than the running image
    friend bool operator==(const Upload&, const Upload&) = default;
};

}  // namespace smp::image
