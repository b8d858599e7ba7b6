// SPDX-License-Identifier: Apache-2.0
// CBOR mapping of the image group's messages (keys from Zephyr img_mgmt.c).
#include <smp/protocol/messages/image.hpp>

#include "protocol/codec/describe.hpp"

namespace smp::codec {
using namespace smp::image;

template <>
struct Describe<Upload> {
    static constexpr std::string_view name = "image::Upload";
    static constexpr auto fields =
        std::make_tuple(field("image", &Upload::image), field("len", &Upload::len),
                        field("off", &Upload::off), field("sha", &Upload::sha),
                        field("data", &Upload::data), field("upgrade", &Upload::upgrade));
};
template <>
struct Describe<UploadResponse> {
    static constexpr std::string_view name = "image::UploadResponse";
    static constexpr auto fields =
        std::make_tuple(field("off", &UploadResponse::off), field("match", &UploadResponse::match),
                        field("rc", &UploadResponse::rc));
};

// Key order as Zephyr's img_mgmt_state.c writes a slot entry.
template <>
struct Describe<ImageSlotState> {
    static constexpr std::string_view name = "image::ImageSlotState";
    static constexpr auto fields = std::make_tuple(
        field("image", &ImageSlotState::image), field("slot", &ImageSlotState::slot),
        field("version", &ImageSlotState::version), field("hash", &ImageSlotState::hash),
        defaulted("bootable", &ImageSlotState::bootable),
        defaulted("pending", &ImageSlotState::pending),
        defaulted("confirmed", &ImageSlotState::confirmed),
        defaulted("active", &ImageSlotState::active),
        defaulted("permanent", &ImageSlotState::permanent));
};
template <>
struct Describe<StateResponse> {
    static constexpr std::string_view name = "image::StateResponse";
    static constexpr auto fields =
        std::make_tuple(field("images", &StateResponse::images),
                        field("splitStatus", &StateResponse::split_status));
};
template <>
struct Describe<StateRead> {
    static constexpr std::string_view name = "image::StateRead";
    static constexpr auto fields = std::make_tuple();
};
template <>
struct Describe<StateWrite> {
    static constexpr std::string_view name = "image::StateWrite";
    static constexpr auto fields =
        std::make_tuple(field("hash", &StateWrite::hash), field("confirm", &StateWrite::confirm));
};
template <>
struct Describe<Erase> {
    static constexpr std::string_view name = "image::Erase";
    static constexpr auto fields = std::make_tuple(field("slot", &Erase::slot));
};
template <>
struct Describe<EraseResponse> {
    static constexpr std::string_view name = "image::EraseResponse";
    static constexpr auto fields = std::make_tuple();
};
template <>
struct Describe<SlotInfoSlot> {
    static constexpr std::string_view name = "image::SlotInfoSlot";
    static constexpr auto fields =
        std::make_tuple(field("slot", &SlotInfoSlot::slot), field("size", &SlotInfoSlot::size),
                        field("upload_image_id", &SlotInfoSlot::upload_image_id));
};
template <>
struct Describe<SlotInfoImage> {
    static constexpr std::string_view name = "image::SlotInfoImage";
    static constexpr auto fields = std::make_tuple(
        field("image", &SlotInfoImage::image), field("slots", &SlotInfoImage::slots),
        field("max_image_size", &SlotInfoImage::max_image_size));
};
template <>
struct Describe<SlotInfoResponse> {
    static constexpr std::string_view name = "image::SlotInfoResponse";
    static constexpr auto fields = std::make_tuple(field("images", &SlotInfoResponse::images));
};
template <>
struct Describe<SlotInfo> {
    static constexpr std::string_view name = "image::SlotInfo";
    static constexpr auto fields = std::make_tuple();
};

}  // namespace smp::codec

SMP_DEFINE_CODEC(smp::image::Upload)
SMP_DEFINE_CODEC(smp::image::UploadResponse)
SMP_DEFINE_CODEC(smp::image::StateRead)
SMP_DEFINE_CODEC(smp::image::StateWrite)
SMP_DEFINE_CODEC(smp::image::StateResponse)
SMP_DEFINE_CODEC(smp::image::Erase)
SMP_DEFINE_CODEC(smp::image::EraseResponse)
SMP_DEFINE_CODEC(smp::image::SlotInfo)
SMP_DEFINE_CODEC(smp::image::SlotInfoResponse)
