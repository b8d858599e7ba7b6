// SPDX-License-Identifier: Apache-2.0
#include <smp/protocol/cbor.hpp>
#include <smp/protocol/messages/zephyr_basic.hpp>

#include <gtest/gtest.h>

namespace {

using smp::Bytes;
using smp::cbor::Value;
namespace zb = smp::zephyr_basic;

TEST(ZephyrBasicMessages, EraseStorageRequestFrame) {
    // v2 write, length 1, group 63, seq 9, command 0, {}.
    const Bytes expected{0x0a, 0x00, 0x00, 0x01, 0x00, 0x3f, 0x09, 0x00, 0xa0};
    EXPECT_EQ(smp::encode_request(zb::EraseStorage{}, 9), expected);
}

TEST(ZephyrBasicMessages, ZephyrAndMcubootSuccessResponses) {
    auto zephyr = smp::decode_response<zb::EraseStorageResponse>(Bytes{0xbf, 0xff});
    ASSERT_TRUE(zephyr) << zephyr.error().message();
    EXPECT_TRUE(zephyr->extra.empty());
    // MCUboot's port handler answers {"rc": 0}; the rc is kept as an unknown key.
    auto mcuboot = smp::decode_response<zb::EraseStorageResponse>(smp::encode_rc_payload(0));
    ASSERT_TRUE(mcuboot) << mcuboot.error().message();
    EXPECT_EQ(smp::cbor::to_value(mcuboot->extra)["rc"], 0);
}

TEST(ZephyrBasicMessages, ErrorsDecode) {
    auto r = smp::decode_response<zb::EraseStorageResponse>(smp::encode_group_error_payload(63, 4));
    ASSERT_FALSE(r);
    ASSERT_TRUE(r.error().device);
    EXPECT_EQ(r.error().device->group, 63);
    EXPECT_EQ(r.error().code, smp::ZephyrBasicError::flash_erase_failed);
    auto m = smp::decode_response<zb::EraseStorageResponse>(smp::encode_rc_payload(1));
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().code, smp::Rc::unknown);
}

TEST(ZephyrBasicMessages, NonMapPayloadIsADecodeError) {
    auto r = smp::decode_response<zb::EraseStorageResponse>(Bytes{0x80});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, smp::Errc::decode_error);
}

TEST(ZephyrBasicMessages, EveryMessageRoundTrips) {
    auto req = smp::decode_payload<zb::EraseStorage>(smp::encode_payload(zb::EraseStorage{}));
    ASSERT_TRUE(req);
    EXPECT_EQ(*req, zb::EraseStorage{});
    zb::EraseStorageResponse with_extra;
    with_extra.extra.cbor = smp::cbor::encode(Value{{"note", 1}});
    for (const auto& rsp : {zb::EraseStorageResponse{}, with_extra}) {
        auto back = smp::decode_payload<zb::EraseStorageResponse>(smp::encode_payload(rsp));
        ASSERT_TRUE(back) << back.error().message();
        EXPECT_EQ(*back, rsp);
    }
}

}  // namespace
