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

}  // namespace smp::codec

SMP_DEFINE_CODEC(smp::image::Upload)
SMP_DEFINE_CODEC(smp::image::UploadResponse)
