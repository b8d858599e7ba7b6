// SPDX-License-Identifier: Apache-2.0
#pragma once
// Image management, group 1 (Zephyr smp_group_1.rst, img_mgmt.c; shared/protocol.md §4.1, §6).
#include <smp/protocol/message.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/// Image management, group 1: image list, test/confirm, upload, erase, slot info.
namespace smp::image {

/// Answer to one Upload chunk.
struct UploadResponse {
    std::optional<std::uint64_t>
        off{};                    ///< next offset the device expects (absent on MCUboot errors)
    std::optional<bool> match{};  ///< on the last chunk: device's SHA-256 equals `sha`
    std::optional<std::int64_t> rc{};  ///< MCUboot and legacy Zephyr send rc 0 on success
    Extra extra{};                     ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const UploadResponse&, const UploadResponse&) = default;
};
/// Image upload (1). The first chunk (off 0) carries len, and optionally image, sha and
/// upgrade; later chunks carry only off and data. Key order on the wire: image, len, off,
/// sha, data, upgrade (chunk sizing depends only on sizes, not order).
struct Upload {
    static constexpr Group group = Group::image;  ///< header group id: image management (1)
    static constexpr std::uint8_t command = 1;    ///< header command id
    static constexpr Op op = Op::write;           ///< header op of the request (write)
    using Response = UploadResponse;              ///< payload type of the device's answer
    std::optional<std::uint32_t> image{};         ///< image number, first chunk only
    std::optional<std::uint64_t> len{};           ///< total image size, required at off 0
    std::uint64_t off = 0;                        ///< byte offset of this chunk in the image file
    std::optional<Bytes> sha{};     ///< SHA-256 of the whole file (<= 32 bytes), off 0 only
    Bytes data{};                   ///< the chunk's bytes
    std::optional<bool> upgrade{};  ///< refuse unless newer than the running image
    /// Field-by-field equality.
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
    bool bootable = false;   ///< the image header does not carry the non-bootable flag
    bool pending = false;    ///< the image will be swapped in (test or permanent) at the next boot
    bool confirmed = false;  ///< image_ok is set: MCUboot keeps this image and will not revert it
    bool active = false;     ///< the image is the one running now
    bool permanent = false;  ///< the pending swap is permanent (no revert after the next boot)
    Extra extra{};           ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const ImageSlotState&, const ImageSlotState&) = default;
};
/// The image list, answer to both StateRead and StateWrite.
struct StateResponse {
    std::vector<ImageSlotState> images{};        ///< one entry per image slot holding an image
    std::optional<std::int64_t> split_status{};  ///< key "splitStatus"; Zephyr sends 0
    Extra extra{};                               ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const StateResponse&, const StateResponse&) = default;
};
/// Image state read (0, read): list the images in the slots.
struct StateRead {
    static constexpr Group group = Group::image;  ///< header group id: image management (1)
    static constexpr std::uint8_t command = 0;    ///< header command id
    static constexpr Op op = Op::read;            ///< header op of the request (read)
    using Response = StateResponse;               ///< payload type of the device's answer
    /// Field-by-field equality.
    friend bool operator==(const StateRead&, const StateRead&) = default;
};
/// Image state write (0, write): mark the image with `hash` for test (confirm false) or
/// permanent (confirm true) boot; no hash with confirm true confirms the running image.
struct StateWrite {
    static constexpr Group group = Group::image;  ///< header group id: image management (1)
    static constexpr std::uint8_t command = 0;    ///< header command id
    static constexpr Op op = Op::write;           ///< header op of the request (write)
    using Response = StateResponse;               ///< payload type of the device's answer
    std::optional<Bytes> hash{};  ///< 32 bytes; a byte string on the wire (docs say text)
    /// True: permanent (or confirm the running image); false/absent: test.
    std::optional<bool> confirm{};
    /// Field-by-field equality.
    friend bool operator==(const StateWrite&, const StateWrite&) = default;
};

/// Answer to Erase: nothing beyond success.
struct EraseResponse {
    Extra extra{};  ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const EraseResponse&, const EraseResponse&) = default;
};
/// Erase (5, write): erases a slot; the device picks the inactive slot when none is given.
struct Erase {
    static constexpr Group group = Group::image;  ///< header group id: image management (1)
    static constexpr std::uint8_t command = 5;    ///< header command id
    static constexpr Op op = Op::write;           ///< header op of the request (write)
    using Response = EraseResponse;               ///< payload type of the device's answer
    /// Slot number to erase; the device picks the inactive slot when absent.
    std::optional<std::uint32_t> slot{};
    /// Field-by-field equality.
    friend bool operator==(const Erase&, const Erase&) = default;
};

/// One slot of an image in the SlotInfo answer.
struct SlotInfoSlot {
    std::uint32_t slot = 0;  ///< slot number within the image: 0 primary, 1 secondary
    std::uint64_t size = 0;  ///< bytes
    std::optional<std::uint32_t> upload_image_id{};  ///< `image` to upload here (direct upload)
    Extra extra{};                                   ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const SlotInfoSlot&, const SlotInfoSlot&) = default;
};
/// One image (one slot pair) in the SlotInfo answer.
struct SlotInfoImage {
    std::uint32_t image = 0;            ///< image number
    std::vector<SlotInfoSlot> slots{};  ///< the image's slots
    /// Largest image, in bytes, that fits once the trailer is reserved.
    std::optional<std::uint64_t> max_image_size{};
    Extra extra{};  ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const SlotInfoImage&, const SlotInfoImage&) = default;
};
/// Answer to SlotInfo.
struct SlotInfoResponse {
    std::vector<SlotInfoImage> images{};  ///< one entry per image the device manages
    Extra extra{};                        ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const SlotInfoResponse&, const SlotInfoResponse&) = default;
};
/// Slot information (6, read): size of each slot of each image. Read only: MCUboot answers
/// a write with two replies (shared/protocol.md §7).
struct SlotInfo {
    static constexpr Group group = Group::image;  ///< header group id: image management (1)
    static constexpr std::uint8_t command = 6;    ///< header command id
    static constexpr Op op = Op::read;            ///< header op of the request (read)
    using Response = SlotInfoResponse;            ///< payload type of the device's answer
    /// Field-by-field equality.
    friend bool operator==(const SlotInfo&, const SlotInfo&) = default;
};

}  // namespace smp::image
