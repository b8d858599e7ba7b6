// SPDX-License-Identifier: Apache-2.0
// Deeply nested CBOR in a response (docs/bad-inputs.md): a clear decode_error, no stack
// overflow. nlohmann's CBOR reader descends recursively, one frame per array or map; the
// depth limit in cbor::decode (DecodeLimits::max_depth) refuses the item before the stack
// can run out. A million levels would overflow any thread's stack without that limit.
#include <smp/protocol/cbor.hpp>
#include <smp/protocol/message.hpp>
#include <smp/protocol/messages/image.hpp>
#include <smp/protocol/messages/os.hpp>

#include <gtest/gtest.h>

namespace {

using namespace smp;

constexpr std::size_t deep = 1'000'000;

Bytes nested_definite_arrays(std::size_t depth) {
    Bytes b(depth, 0x81);  // array of one item
    b.push_back(0x00);
    return b;
}

Bytes nested_indefinite_arrays(std::size_t depth) {
    Bytes b(depth, 0x9f);  // indefinite array, as zcbor emits
    b.push_back(0x00);
    b.insert(b.end(), depth, 0xff);
    return b;
}

Bytes nested_maps(std::size_t depth) {
    Bytes b;
    for (std::size_t i = 0; i < depth; ++i) {
        b.push_back(0xa1);  // map of one pair, key "a"
        b.push_back(0x61);
        b.push_back('a');
    }
    b.push_back(0x00);
    return b;
}

void expect_depth_error(const Result<cbor::Value>& r) {
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, make_error_code(Errc::decode_error));
    EXPECT_NE(r.error().detail.find("nesting deeper than"), std::string::npos) << r.error().detail;
}

TEST(CborNesting, TenThousandNestedArraysAreADecodeError) {
    expect_depth_error(cbor::decode(nested_definite_arrays(10'000)));
    expect_depth_error(cbor::decode(nested_definite_arrays(deep)));
}

TEST(CborNesting, TenThousandNestedIndefiniteArraysAreADecodeError) {
    expect_depth_error(cbor::decode(nested_indefinite_arrays(10'000)));
    expect_depth_error(cbor::decode(nested_indefinite_arrays(deep)));
}

TEST(CborNesting, TenThousandNestedMapsAreADecodeError) {
    expect_depth_error(cbor::decode(nested_maps(10'000)));
    expect_depth_error(cbor::decode(nested_maps(deep)));
}

TEST(CborNesting, NestedTagsAreRefusedWithoutDescending) {
    Bytes b(deep, 0xc6);  // tag 6 on tag 6 on ...: tags are not part of SMP
    b.push_back(0x00);
    auto r = cbor::decode(b);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, make_error_code(Errc::decode_error));
}

TEST(CborNesting, TheLimitIsExactAndConfigurable) {
    EXPECT_TRUE(cbor::decode(nested_definite_arrays(16)));
    expect_depth_error(cbor::decode(nested_definite_arrays(17)));
    EXPECT_TRUE(cbor::decode(nested_definite_arrays(17), cbor::DecodeLimits{.max_depth = 17}));
}

TEST(CborNesting, TypedResponsesWithDeepNestingAreDecodeErrors) {
    // {"r": [[[[...]]]]} as an echo answer, and the same under an unknown key, which the
    // codec would otherwise keep in Extra.
    for (const char* key : {"r", "x"}) {
        Bytes payload{0xa1, 0x61, static_cast<std::uint8_t>(key[0])};
        const Bytes inner = nested_indefinite_arrays(10'000);
        payload.insert(payload.end(), inner.begin(), inner.end());
        auto echo = decode_response<os::EchoResponse>(payload);
        ASSERT_FALSE(echo) << key;
        EXPECT_EQ(echo.error().code, make_error_code(Errc::decode_error));
        auto state = decode_response<image::StateResponse>(payload);
        ASSERT_FALSE(state) << key;
        EXPECT_EQ(state.error().code, make_error_code(Errc::decode_error));
    }
}

}  // namespace
