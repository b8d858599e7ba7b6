// SPDX-License-Identifier: Apache-2.0
#include <smp/protocol/serial/fragmentation.hpp>

#include <gtest/gtest.h>

namespace {

namespace serial = smp::serial;

TEST(Fragmentation, AutoFillsTheAdvertisedBuffer) {
    EXPECT_EQ(serial::max_message_size(serial::Auto{}, 2048).value(), 2044u);
    EXPECT_EQ(serial::max_message_size(serial::Auto{}, 384).value(), 380u);
    // Beyond what the 16-bit length field can carry, the format's ceiling applies.
    EXPECT_EQ(serial::max_message_size(serial::Auto{}, 1 << 20).value(),
              serial::max_frame_message_size);
}

TEST(Fragmentation, AutoWithoutParamsUsesTwoLinesOfEncodedBudget) {
    const auto budget = serial::max_message_size(serial::Auto{});
    ASSERT_TRUE(budget);
    EXPECT_EQ(*budget, 182u);
    EXPECT_LE(serial::encoded_size(*budget), 2 * 128u);
    EXPECT_GT(serial::encoded_size(*budget + 1), 2 * 128u);
}

TEST(Fragmentation, BufferSizeNamesTheDecodedBuffer) {
    EXPECT_EQ(serial::max_message_size(serial::BufferSize{.buf_size = 1024}).value(), 1020u);
    EXPECT_EQ(serial::max_message_size(serial::BufferSize{.buf_size = 512}, 4096).value(), 508u);
    EXPECT_EQ(serial::line_length(serial::BufferSize{.buf_size = 512, .line_length = 64}), 64u);
}

TEST(Fragmentation, BufferParamsFitsTheEncodedFrame) {
    for (std::size_t lines = 1; lines <= 16; ++lines) {
        const serial::BufferParams p{.line_length = 128, .line_buffers = lines};
        const auto m = serial::max_message_size(p);
        if (lines == 1) {
            // One 127-byte line carries 93 decoded bytes: an 89-byte message.
            EXPECT_EQ(m.value(), 89u);
        }
        ASSERT_TRUE(m) << lines;
        EXPECT_LE(serial::encoded_size(*m), 128 * lines);
        EXPECT_GT(serial::encoded_size(*m + 1), 128 * lines);
    }
}

TEST(Fragmentation, RejectsNonsenseWithClearErrors) {
    auto expect_invalid = [](const serial::Fragmentation& f, std::optional<std::size_t> adv = {}) {
        const auto r = serial::max_message_size(f, adv);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, smp::Errc::invalid_argument);
        EXPECT_FALSE(r.error().detail.empty());
    };
    expect_invalid(serial::BufferSize{.buf_size = 0});
    expect_invalid(serial::BufferSize{.buf_size = 12});  // 8 bytes of message: no room for a map
    expect_invalid(serial::BufferSize{.buf_size = 1024, .line_length = 7});
    expect_invalid(serial::BufferParams{.line_length = 128, .line_buffers = 0});
    expect_invalid(serial::BufferParams{.line_length = 4, .line_buffers = 10});
    expect_invalid(serial::BufferParams{.line_length = 8, .line_buffers = 1});  // 4 chars: 3 bytes
    expect_invalid(serial::Auto{}, 3);
    EXPECT_TRUE(serial::max_message_size(serial::BufferSize{.buf_size = 13}));
}

}  // namespace
