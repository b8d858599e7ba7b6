// SPDX-License-Identifier: Apache-2.0
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

/// One slot of the image list (state read/write response). Zephyr's default list sends all
/// five flags; its "frugal" list and MCUboot send a flag only when it is true, so a missing
/// flag means false.
struct ImageSlotState {
    std::optional<std::uint32_t> image{};  ///< only when more than one image is configured
    std::uint32_t slot = 0;                ///< 0 primary, 1 secondary, within the image
    std::string version{};                 ///< "major.minor.revision[.build]"
    std::optional<Bytes> hash{};           ///< SHA-256 TLV of the image (not of the file)
    bool bootable = false;
    bool pending = false;
    bool confirmed = false;
    bool active = false;
    bool permanent = false;
    Extra extra{};
    friend bool operator==(const ImageSlotState&, const ImageSlotState&) = default;
};
/// The image list, answer to both StateRead and StateWrite.
struct StateResponse {
    std::vector<ImageSlotState> images{};
    std::optional<std::int64_t> split_status{};  ///< key "splitStatus"; Zephyr sends 0
    Extra extra{};
    friend bool operator==(const StateResponse&, const StateResponse&) = default;
};
/// Image state read (0, read): list the images in the slots.
struct StateRead {
    static constexpr Group group = Group::image;
    static constexpr std::uint8_t command = 0;
    static constexpr Op op = Op::read;
    using Response = StateResponse;
    friend bool operator==(const StateRead&, const StateRead&) = default;
};
/// Image state write (0, write): mark the image with `hash` for test (confirm false) or
/// permanent (confirm true) boot; no hash with confirm true confirms the running image.
struct StateWrite {
    static constexpr Group group = Group::image;
    static constexpr std::uint8_t command = 0;
    static constexpr Op op = Op::write;
    using Response = StateResponse;
    std::optional<Bytes> hash{};  ///< 32 bytes; a byte string on the wire (docs say text)
    std::optional<bool> confirm{};
    friend bool operator==(const StateWrite&, const StateWrite&) = default;
};

struct EraseResponse {
    Extra extra{};
    friend bool operator==(const EraseResponse&, const EraseResponse&) = default;
};
/// Erase (5, write): erases a slot; the device picks the inactive slot when none is given.
struct Erase {
    static constexpr Group group = Group::image;
    static constexpr std::uint8_t command = 5;
    static constexpr Op op = Op::write;
    using Response = EraseResponse;
    std::optional<std::uint32_t> slot{};
    friend bool operator==(const Erase&, const Erase&) = default;
};

struct SlotInfoSlot {
    std::uint32_t slot = 0;
    std::uint64_t size = 0;                          ///< bytes
    std::optional<std::uint32_t> upload_image_id{};  ///< `image` to upload here (direct upload)
    Extra extra{};
    friend bool operator==(const SlotInfoSlot&, const SlotInfoSlot&) = default;
};
struct SlotInfoImage {
    std::uint32_t image = 0;
    std::vector<SlotInfoSlot> slots{};
    std::optional<std::uint64_t> max_image_size{};
    Extra extra{};
    friend bool operator==(const SlotInfoImage&, const SlotInfoImage&) = default;
};
struct SlotInfoResponse {
    std::vector<SlotInfoImage> images{};
    Extra extra{};
    friend bool operator==(const SlotInfoResponse&, const SlotInfoResponse&) = default;
};
/// Slot information (6, read): size of each slot of each image. Read only: MCUboot answers
/// a write with two replies (shared/protocol.md §7).
struct SlotInfo {
    static constexpr Group group = Group::image;
    static constexpr std::uint8_t command = 6;
    static constexpr Op op = Op::read;
    using Response = SlotInfoResponse;
    friend bool operator==(const SlotInfo&, const SlotInfo&) = default;
};

}  // namespace smp::image
