// SPDX-License-Identifier: Apache-2.0
#include "unit/server/server_image_builder.hpp"
#include "unit/server/server_test_util.hpp"

#include <smp/protocol/messages/image.hpp>
#include <smp/protocol/messages/os.hpp>

namespace {

using smp::cbor::Value;
using namespace smp_test;

smp::server::DeviceConfig small_config(const std::filesystem::path& dir = {}) {
    smp::server::DeviceConfig c;
    c.slot_size = 16 * 1024;
    c.state_dir = dir;
    return c;
}

Value state_read(smp::server::Device& d) {
    return single_reply(d, raw_request(smp::Op::read, 1, 0, Value::object())).body;
}

// Uploads `image` in chunks of `chunk` bytes; returns the last response body.
Value upload(smp::server::Device& d, const smp::Bytes& image, std::size_t chunk = 512) {
    Value last;
    std::uint64_t off = 0;
    while (off < image.size()) {
        smp::image::Upload req;
        req.off = off;
        const auto n = std::min(chunk, image.size() - off);
        req.data.assign(image.begin() + off, image.begin() + off + n);
        if (off == 0) {
            req.len = image.size();
            req.sha = sha256_of(image);
        }
        last = call(d, req).body;
        if (!last.contains("off"))
            return last;
        off = last["off"].get<std::uint64_t>();
    }
    return last;
}

TEST(ServerImage, EmptyDeviceListsNothing) {
    smp::server::Device d(small_config());
    EXPECT_EQ(state_read(d), (Value{{"images", Value::array()}, {"splitStatus", 0}}));
}

TEST(ServerImage, FullUploadEndsWithMatchAndListsSecondary) {
    smp::server::Device d(small_config());
    const auto image = make_image(1, 2, 3, 3000);
    auto last = upload(d, image);
    EXPECT_EQ(last, (Value{{"off", image.size()}, {"match", true}}));
    auto list = state_read(d)["images"];
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0]["slot"], 1);
    EXPECT_EQ(list[0]["version"], "1.2.3");
    EXPECT_EQ(list[0]["pending"], false);
    auto h = list[0]["hash"].get_binary();
    EXPECT_EQ(smp::Bytes(h.begin(), h.end()), image_hash(image));
}

TEST(ServerImage, FirstChunkRules) {
    smp::server::Device d(small_config());
    const auto image = make_image(1, 0, 0, 100);
    auto err = [](int rc) { return Value{{"err", {{"group", 1}, {"rc", rc}}}}; };
    EXPECT_EQ(
        single_reply(d, raw_request(smp::Op::write, 1, 1, Value{{"data", smp::cbor::bytes(image)}}))
            .body,
        err(20));
    smp::image::Upload req{.off = 0, .data = smp::Bytes(image.begin(), image.begin() + 16)};
    req.len = image.size();
    EXPECT_EQ(call(d, req).body, err(22));
    req.data.assign(image.begin(), image.begin() + 64);
    req.len.reset();
    EXPECT_EQ(call(d, req).body, err(21));
    req.len = image.size();
    req.data[0] ^= 0xff;
    EXPECT_EQ(call(d, req).body, err(23));
    req.data[0] ^= 0xff;
    req.len = 1u << 20;
    EXPECT_EQ(call(d, req).body, err(30));
    req.len = image.size();
    req.sha = smp::Bytes(33, 1);
    EXPECT_EQ(call(d, req).body, err(24));
    // v1: the translated rc only.
    EXPECT_EQ(call(d, req, smp::Version::v1).body, (Value{{"rc", 3}}));
}

TEST(ServerImage, WrongOffsetAnsweredWithExpectedAndShaResumes) {
    smp::server::Device d(small_config());
    const auto image = make_image(1, 0, 0, 2000);
    smp::image::Upload first{.off = 0, .data = smp::Bytes(image.begin(), image.begin() + 500)};
    first.len = image.size();
    first.sha = sha256_of(image);
    EXPECT_EQ(call(d, first).body, (Value{{"off", 500}}));
    smp::image::Upload gap{.off = 900, .data = smp::Bytes(100, 0)};
    EXPECT_EQ(call(d, gap).body, (Value{{"off", 500}}));
    // Same sha at off 0: resume, nothing written.
    EXPECT_EQ(call(d, first).body, (Value{{"off", 500}}));
    smp::image::Upload overrun{.off = 500, .data = smp::Bytes(image.size(), 0)};
    EXPECT_EQ(call(d, overrun).body, (Value{{"err", {{"group", 1}, {"rc", 31}}}}));
    // The error ended the upload: the device expects a restart at 0.
    EXPECT_EQ(call(d, gap).body, (Value{{"off", 0}}));
}

TEST(ServerImage, AlreadyPresentImageMatchesImmediately) {
    smp::server::Device d(small_config());
    const auto image = make_image(1, 0, 0, 700);
    upload(d, image);
    smp::image::Upload again{.off = 0, .data = smp::Bytes(image.begin(), image.begin() + 100)};
    again.len = image.size();
    again.sha = sha256_of(image);
    EXPECT_EQ(call(d, again).body, (Value{{"off", image.size()}, {"match", true}}));
}

TEST(ServerImage, TestResetConfirmAndRevert) {
    TempDir dir;
    const auto v1 = make_image(1, 0, 0, 600, 1);
    const auto v2 = make_image(2, 0, 0, 600, 2);
    {
        smp::server::Device d(small_config(dir.path));
        upload(d, v1);
        auto set = [&](const smp::Bytes& img, bool confirm) {
            return single_reply(d, raw_request(smp::Op::write, 1, 0,
                                               Value{{"hash", smp::cbor::bytes(image_hash(img))},
                                                     {"confirm", confirm}}))
                .body;
        };
        auto listed = set(v1, true);
        EXPECT_EQ(listed["images"][0]["permanent"], true);
        d.reset();
        EXPECT_EQ(state_read(d)["images"][0]["version"], "1.0.0");
        EXPECT_EQ(state_read(d)["images"][0]["active"], true);
        EXPECT_EQ(state_read(d)["images"][0]["confirmed"], true);
        // Test v2: swapped in unconfirmed, reverted on the next reset.
        upload(d, v2);
        EXPECT_EQ(set(v2, false)["images"][1]["pending"], true);
        EXPECT_EQ(set(v1, false), (Value{{"err", {{"group", 1}, {"rc", 33}}}}));
        d.reset();
        auto running = state_read(d)["images"][0];
        EXPECT_EQ(running["version"], "2.0.0");
        EXPECT_EQ(running["confirmed"], false);
        d.reset();
        EXPECT_EQ(state_read(d)["images"][0]["version"], "1.0.0");
        // Test again, confirm this time: survives resets and a restart.
        EXPECT_EQ(set(v2, false)["images"][1]["pending"], true);
        d.reset();
        single_reply(d, raw_request(smp::Op::write, 1, 0, Value{{"confirm", true}}));
        d.reset();
        EXPECT_EQ(state_read(d)["images"][0]["version"], "2.0.0");
        d.flush();
    }
    smp::server::Device restarted(small_config(dir.path));
    auto images = state_read(restarted)["images"];
    EXPECT_EQ(images[0]["version"], "2.0.0");
    EXPECT_EQ(images[0]["confirmed"], true);
}

TEST(ServerImage, UnknownHashAndEraseRules) {
    smp::server::Device d(small_config());
    EXPECT_EQ(single_reply(d, raw_request(smp::Op::write, 1, 0,
                                          Value{{"hash", smp::cbor::bytes(smp::Bytes(32, 7))}}))
                  .body,
              (Value{{"err", {{"group", 1}, {"rc", 8}}}}));
    const auto img = make_image(1, 0, 0, 300);
    upload(d, img);
    EXPECT_EQ(single_reply(d, raw_request(smp::Op::write, 1, 5, Value::object())).body,
              Value::object());
    EXPECT_EQ(state_read(d)["images"].size(), 0u);
    EXPECT_EQ(single_reply(d, raw_request(smp::Op::write, 1, 5, Value{{"slot", 9}})).body,
              (Value{{"err", {{"group", 1}, {"rc", 14}}}}));
}

TEST(ServerImage, SlotInfo) {
    smp::server::Device d(small_config());
    auto body = single_reply(d, raw_request(smp::Op::read, 1, 6, Value::object())).body;
    EXPECT_EQ(body["images"][0]["slots"][1]["size"], 16 * 1024);
}

}  // namespace
