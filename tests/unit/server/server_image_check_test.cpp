// SPDX-License-Identifier: Apache-2.0
// The device's handling of a first chunk (off 0) during and after an upload of the same
// image, with and without CONFIG_IMG_ENABLE_IMAGE_CHECK (img_mgmt.c, img_mgmt_upload, and
// zephyr_img_mgmt.c, img_mgmt_upload_inspect): during an upload, the same sha resumes;
// after it, only the image check keeps a late duplicate from erasing the slot (issue #4).
#include "unit/server/server_image_builder.hpp"
#include "unit/server/server_test_util.hpp"

#include <smp/protocol/messages/image.hpp>

namespace {

using smp::cbor::Value;
using namespace smp_test;

smp::server::DeviceConfig config(bool image_check) {
    smp::server::DeviceConfig c;
    c.slot_size = 16 * 1024;
    c.image_check = image_check;
    return c;
}

smp::image::Upload chunk(const smp::Bytes& image, std::uint64_t off, std::size_t n) {
    smp::image::Upload req{.off = off,
                           .data = smp::Bytes(image.begin() + off, image.begin() + off + n)};
    if (off == 0) {
        req.len = image.size();
        req.sha = sha256_of(image);
    }
    return req;
}

// The hash state read lists for slot 1, or an empty value when nothing valid is there.
smp::Bytes slot1_hash(smp::server::Device& d) {
    auto list = single_reply(d, raw_request(smp::Op::read, 1, 0, Value::object())).body["images"];
    for (const auto& s : list)
        if (s["slot"] == 1) {
            const auto& h = s["hash"].get_binary();
            return smp::Bytes(h.begin(), h.end());
        }
    return {};
}

TEST(ServerImageCheck, FirstChunkDuringTheUploadResumesInBothConfigurations) {
    for (bool check : {true, false}) {
        smp::server::Device d(config(check));
        const auto image = make_image(1, 0, 0, 3000);
        EXPECT_EQ(call(d, chunk(image, 0, 1000)).body, (Value{{"off", 1000}}));
        EXPECT_EQ(call(d, chunk(image, 1000, 1000)).body, (Value{{"off", 2000}}));
        // The duplicate of the first chunk: same sha, upload in progress -> its offset.
        EXPECT_EQ(call(d, chunk(image, 0, 1000)).body, (Value{{"off", 2000}}));
        auto last = call(d, chunk(image, 2000, image.size() - 2000)).body;
        EXPECT_EQ(last["off"], image.size());
        EXPECT_EQ(last.contains("match"), check);
        EXPECT_EQ(slot1_hash(d), image_hash(image));
    }
}

TEST(ServerImageCheck, WithTheCheckALateFirstChunkAfterCompletionMatchesAndKeepsTheSlot) {
    smp::server::Device d(config(true));
    const auto image = make_image(1, 0, 0, 3000);
    call(d, chunk(image, 0, 1500));
    EXPECT_EQ(call(d, chunk(image, 1500, image.size() - 1500)).body,
              (Value{{"off", image.size()}, {"match", true}}));
    EXPECT_EQ(call(d, chunk(image, 0, 1500)).body, (Value{{"off", image.size()}, {"match", true}}));
    EXPECT_EQ(slot1_hash(d), image_hash(image));
}

TEST(ServerImageCheck, WithoutTheCheckALateFirstChunkAfterCompletionErasesTheSlot) {
    smp::server::Device d(config(false));
    const auto image = make_image(1, 0, 0, 3000);
    call(d, chunk(image, 0, 1500));
    EXPECT_EQ(call(d, chunk(image, 1500, image.size() - 1500)).body,
              (Value{{"off", image.size()}}));
    EXPECT_EQ(slot1_hash(d), image_hash(image));
    // A new upload begins: the slot is erased and holds the first chunk only.
    EXPECT_EQ(call(d, chunk(image, 0, 1500)).body, (Value{{"off", 1500}}));
    EXPECT_TRUE(slot1_hash(d).empty());
    // The same sha at off 0 now resumes that new upload, which can be completed again.
    EXPECT_EQ(call(d, chunk(image, 0, 1500)).body, (Value{{"off", 1500}}));
    EXPECT_EQ(call(d, chunk(image, 1500, image.size() - 1500)).body,
              (Value{{"off", image.size()}}));
    EXPECT_EQ(slot1_hash(d), image_hash(image));
}

TEST(ServerImageCheck, AnUndecodableRequestDoesNotEndTheUploadInProgress) {
    smp::server::Device d(config(true));
    const auto image = make_image(1, 0, 0, 3000);
    EXPECT_EQ(call(d, chunk(image, 0, 1000)).body, (Value{{"off", 1000}}));
    // "off" of the wrong type: zcbor_map_decode_bulk fails, rc 3, state untouched.
    EXPECT_EQ(single_reply(d, raw_request(smp::Op::write, 1, 1,
                                          Value{{"off", "x"}, {"data", smp::cbor::bytes({})}}))
                  .body,
              (Value{{"rc", 3}}));
    EXPECT_EQ(call(d, chunk(image, 1000, 1000)).body, (Value{{"off", 2000}}));
    // A missing "off" is the upload's own error (IMG_MGMT_ERR_INVALID_OFFSET): it ends it.
    EXPECT_EQ(
        single_reply(d, raw_request(smp::Op::write, 1, 1, Value{{"data", smp::cbor::bytes({})}}))
            .body,
        (Value{{"err", {{"group", 1}, {"rc", 20}}}}));
    EXPECT_EQ(call(d, chunk(image, 2000, 1000)).body, (Value{{"off", 0}}));
}

}  // namespace
