// SPDX-License-Identifier: Apache-2.0
// The MCUboot serial-recovery personality of smp::server (shared/protocol.md §7).
#include "unit/server/server_image_builder.hpp"
#include "unit/server/server_test_util.hpp"

#include <smp/protocol/messages/image.hpp>
#include <smp/protocol/messages/os.hpp>

namespace {

using smp::cbor::Value;
using namespace smp_test;

smp::server::DeviceConfig recovery_config() {
    smp::server::DeviceConfig c;
    c.personality = smp::server::Personality::mcuboot_serial;
    c.buf_size = 1024;
    c.slot_size = 64 * 1024;
    c.recovery_echo = true;  // MCUBOOT_BOOT_MGMT_ECHO: the tests below use echo as a probe
    return c;
}

Value upload(smp::server::Device& d, std::uint64_t off, const smp::Bytes& data,
             std::optional<std::uint64_t> len = std::nullopt) {
    return call(d, smp::image::Upload{.len = len, .off = off, .data = data}).body;
}

smp::Bytes slice(const smp::Bytes& b, std::size_t from, std::size_t n) {
    return smp::Bytes(b.begin() + static_cast<std::ptrdiff_t>(from),
                      b.begin() + static_cast<std::ptrdiff_t>(std::min(b.size(), from + n)));
}

TEST(ServerRecovery, OneBufferAndParams) {
    smp::server::Device d(recovery_config());
    EXPECT_EQ(d.pool().count(), 1u);
    EXPECT_EQ(call(d, smp::os::McumgrParams{}).body, (Value{{"buf_size", 1024}, {"buf_count", 1}}));
    // The single buffer is enough: MCUboot answers from its own output buffer.
    ASSERT_EQ(d.receive(smp::encode_request(smp::os::Echo{.d = "x"}, 1), 1020),
              smp::server::Admission::accepted);
    EXPECT_EQ(d.receive(smp::encode_request(smp::os::Echo{.d = "y"}, 2), 1020),
              smp::server::Admission::dropped_no_buffer);
    auto out = d.process_next(smp::server::Duration{0});
    ASSERT_EQ(out.responses.size(), 1u);
    d.finish();
}

// As boot_serial_input dispatches them: an upload read is still an upload (here one without
// its fields, rc 3), and slot info exists only with more than one image (the Kconfig default
// of MCUBOOT_SERIAL_IMG_GRP_SLOT_INFO). Both found by tests/zephyr/recovery_conformance_test.
TEST(ServerRecovery, UploadReadIsAnUploadAndSlotInfoNeedsTwoImages) {
    smp::server::Device d(recovery_config());
    EXPECT_EQ(single_reply(d, raw_request(smp::Op::read, 1, 1, Value::object())).body,
              (Value{{"rc", 3}}));
    EXPECT_EQ(call(d, smp::image::SlotInfo{}).body, (Value{{"rc", 8}}));
    auto two = recovery_config();
    two.image_count = 2;
    smp::server::Device d2(two);
    EXPECT_TRUE(call(d2, smp::image::SlotInfo{}).body.contains("images"));
}

// Zephyr's default and the real recovery fixtures: no echo.
TEST(ServerRecovery, EchoIsAnOption) {
    auto config = recovery_config();
    config.recovery_echo = false;
    smp::server::Device d(config);
    EXPECT_EQ(call(d, smp::os::Echo{.d = "hi"}).body, (Value{{"rc", 8}}));
}

TEST(ServerRecovery, VerBitsEchoedAndErrorsAreV1Rc) {
    smp::server::Device d(recovery_config());
    auto v2 = call(d, smp::os::Echo{.d = "hi"}, smp::Version::v2);
    EXPECT_EQ(v2.header.version, smp::Version::v2);
    EXPECT_EQ(v2.header.op, smp::Op::write_response);
    EXPECT_EQ(v2.body, (Value{{"r", "hi"}}));
    EXPECT_EQ(call(d, smp::os::Echo{.d = "hi"}, smp::Version::v1).header.version, smp::Version::v1);
    // Unsupported commands and groups: rc 8, never err{} even for a v2 request.
    EXPECT_EQ(call(d, smp::os::TaskStats{}).body, (Value{{"rc", 8}}));
    EXPECT_EQ(single_reply(d, raw_request(smp::Op::read, 2, 1, Value::object())).body,
              (Value{{"rc", 8}}));
    EXPECT_EQ(single_reply(d, raw_request(smp::Op::write, 0, 1, Value::object())).body,
              (Value{{"rc", 0}}));
    // A bad upload is rc 3, not an image group error.
    EXPECT_EQ(upload(d, 0, smp::Bytes(40, 0)), (Value{{"rc", 3}}));
}

TEST(ServerRecovery, ResponsesAndBadHeadersIgnored) {
    smp::server::Device d(recovery_config());
    auto msg = smp::encode_request(smp::os::Echo{.d = "x"}, 1);
    msg[0] = static_cast<std::uint8_t>((msg[0] & ~7) | 1);  // a read response
    EXPECT_TRUE(d.process(msg, {}).responses.empty());
    auto longer = smp::encode_request(smp::os::Echo{.d = "x"}, 1);
    longer.push_back(0);  // more payload than the header's length
    EXPECT_TRUE(d.process(longer, {}).responses.empty());
}

TEST(ServerRecovery, UploadGoesToPrimaryWithoutResumeOrMatch) {
    smp::server::Device d(recovery_config());
    const auto img = make_image(2, 0, 0, 3000);
    EXPECT_EQ(upload(d, 0, slice(img, 0, 504), img.size()), (Value{{"rc", 0}, {"off", 504}}));
    // Wrong offset: data dropped, expected offset with rc 0.
    EXPECT_EQ(upload(d, 900, slice(img, 900, 100)), (Value{{"rc", 0}, {"off", 504}}));
    // off 0 again restarts from scratch (no sha resume): offset back to the first chunk.
    EXPECT_EQ(upload(d, 0, slice(img, 0, 504), img.size()), (Value{{"rc", 0}, {"off", 504}}));
    // A non-final chunk is cut to the 8-byte write alignment.
    EXPECT_EQ(upload(d, 504, slice(img, 504, 101)), (Value{{"rc", 0}, {"off", 600}}));
    std::uint64_t off = 600;
    while (off < img.size()) {
        auto r = upload(d, off, slice(img, off, 700));
        ASSERT_EQ(r["rc"], 0);
        ASSERT_FALSE(r.contains("match"));
        off = r["off"].get<std::uint64_t>();
    }
    EXPECT_EQ(off, img.size());
    auto list = call(d, smp::image::StateRead{}).body;
    ASSERT_EQ(list["images"].size(), 1u);
    const auto& e = list["images"][0];
    EXPECT_EQ(e["slot"], 0);
    EXPECT_EQ(e["version"], "2.0.0");
    EXPECT_EQ(e["hash"], smp::cbor::bytes(image_hash(img)));
    // Without MCUBOOT_SERIAL_IMG_GRP_IMAGE_STATE (Zephyr's default, the real fixtures): no
    // flags at all, no splitStatus, and no state write.
    for (const char* flag : {"active", "confirmed", "bootable", "pending", "permanent"})
        EXPECT_FALSE(e.contains(flag)) << flag;
    EXPECT_FALSE(list.contains("splitStatus"));
    const smp::image::StateWrite confirm{.confirm = true};
    EXPECT_EQ(call(d, confirm).body, (Value{{"rc", 8}}));
}

// With MCUBOOT_SERIAL_IMG_GRP_IMAGE_STATE the list carries the flags that are true, and a
// confirm of the running image answers the list.
TEST(ServerRecovery, ImageStateOptionAddsTheTrueFlagsAndStateWrites) {
    auto config = recovery_config();
    config.recovery_image_state = true;
    smp::server::Device d(config);
    const auto img = make_image(2, 0, 0, 3000);
    std::uint64_t off = 0;
    while (off < img.size()) {
        auto r = off == 0 ? upload(d, 0, slice(img, 0, 504), img.size())
                          : upload(d, off, slice(img, off, 504));
        ASSERT_EQ(r["rc"], 0);
        off = r["off"].get<std::uint64_t>();
    }
    auto list = call(d, smp::image::StateRead{}).body;
    ASSERT_EQ(list["images"].size(), 1u);
    EXPECT_EQ(list["images"][0]["active"], true);
    EXPECT_FALSE(list["images"][0].contains("pending"));
    const smp::image::StateWrite confirm{.confirm = true};
    EXPECT_TRUE(call(d, confirm).body.contains("images"));
}

TEST(ServerRecovery, FirstChunkErasesTheWholeSlotAndChecksLen) {
    smp::server::Device d(recovery_config());
    const auto img = make_image(1, 0, 0, 1000);
    upload(d, 0, img, img.size());
    EXPECT_EQ(call(d, smp::image::StateRead{}).body["images"].size(), 1u);
    // A new upload that is abandoned: the old image is gone (slot erased at off 0).
    upload(d, 0, slice(img, 0, 64), 5000);
    EXPECT_EQ(call(d, smp::image::StateRead{}).body["images"].size(), 0u);
    EXPECT_EQ(upload(d, 0, slice(img, 0, 64), 64 * 1024 + 1), (Value{{"rc", 3}}));
    EXPECT_EQ(upload(d, 0, slice(img, 0, 64)), (Value{{"rc", 3}}));  // no len
    // The rejected restarts left the upload in progress where it was.
    EXPECT_EQ(upload(d, 40, slice(img, 0, 64)), (Value{{"rc", 0}, {"off", 64}}));
}

TEST(ServerRecovery, ResetAnswersRcZeroThenReboots) {
    smp::server::Device d(recovery_config());
    auto out = d.process(smp::encode_request(smp::os::Reset{}, 3), {});
    ASSERT_EQ(out.responses.size(), 1u);
    EXPECT_TRUE(out.reset);
    EXPECT_EQ(*smp::cbor::decode(smp::decode_message(out.responses[0])->payload),
              (Value{{"rc", 0}}));
}

}  // namespace
