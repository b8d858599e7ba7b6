// SPDX-License-Identifier: Apache-2.0
#include <smp/protocol/serial/base64.hpp>
#include <smp/protocol/serial/crc16.hpp>
#include <smp/protocol/serial/framing.hpp>

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace {

namespace serial = smp::serial;

const smp::Bytes echo_request{0x0a, 0x00, 0x00, 0x09, 0x00, 0x00, 0x01, 0x00, 0xa1,
                              0x61, 0x64, 0x65, 0x68, 0x65, 0x6c, 0x6c, 0x6f};

smp::Bytes random_bytes(std::mt19937& rng, std::size_t n) {
    smp::Bytes out(n);
    for (auto& b : out)
        b = static_cast<std::uint8_t>(rng());
    return out;
}

// Splits encoder output at '\n' (base64 never contains one), keeping the newline.
std::vector<std::string> lines_of(const smp::Bytes& encoded) {
    std::vector<std::string> lines;
    std::string line;
    for (const auto b : encoded) {
        line += static_cast<char>(b);
        if (b == '\n') {
            lines.push_back(line);
            line.clear();
        }
    }
    EXPECT_TRUE(line.empty()) << "output does not end with a newline";
    return lines;
}

TEST(SerialEncoder, WorkedExampleFromProtocolDocument) {
    const auto encoded = serial::encode_frame(echo_request);
    ASSERT_TRUE(encoded);
    const std::string expected =
        "\x06\x09"
        "ABMKAAAJAAABAKFhZGVoZWxsb3o2\n";
    EXPECT_EQ(std::string(encoded->begin(), encoded->end()), expected);
    EXPECT_EQ(encoded->size(), 31u);
    EXPECT_EQ(serial::encoded_size(echo_request.size()), 31u);
}

TEST(SerialEncoder, Base64PerLineIsLargestMultipleOfFourThatFits) {
    EXPECT_EQ(serial::base64_per_line(128), 124u);
    EXPECT_EQ(serial::base64_per_line(127), 124u);
    EXPECT_EQ(serial::base64_per_line(126), 120u);
    EXPECT_EQ(serial::base64_per_line(8), 4u);
    EXPECT_EQ(serial::base64_per_line(7), 0u);
}

// The seed README's example and the same reasoning for other reassembly buffer sizes: a
// buffer of B decoded bytes takes a B - 4 byte message, whose frame is B decoded bytes, i.e.
// 4 * ceil(B / 3) base64 characters in ceil(chars / 124) lines of marker + text + newline.
TEST(SerialEncoder, FillingAReassemblyBufferMatchesTheSeedArithmetic) {
    std::mt19937 rng(1);
    for (const std::size_t buffer : {96, 128, 256, 384, 512, 1024, 2048, 4096}) {
        const std::size_t message = buffer - 4;
        const std::size_t chars = (buffer + 2) / 3 * 4;
        const std::size_t lines = (chars + 123) / 124;
        const std::size_t wire = chars + 3 * lines;
        EXPECT_EQ(serial::encoded_line_count(message), lines) << buffer;
        EXPECT_EQ(serial::encoded_size(message), wire) << buffer;
        const auto encoded = serial::encode_frame(random_bytes(rng, message));
        ASSERT_TRUE(encoded);
        EXPECT_EQ(encoded->size(), wire) << buffer;
        EXPECT_EQ(lines_of(*encoded).size(), lines) << buffer;
    }
    // The README's own words: 2048-byte buffer -> 2044-byte message -> 2801 bytes, 23 lines.
    EXPECT_EQ(serial::encoded_size(2044), 2801u);
    EXPECT_EQ(serial::encoded_line_count(2044), 23u);
}

TEST(SerialEncoder, LinesHaveMarkersBoundedLengthAndWholeBase64Groups) {
    std::mt19937 rng(2);
    for (const std::size_t line_length : {8, 9, 16, 64, 127, 128, 200}) {
        for (std::size_t size : {0, 1, 2, 3, 8, 89, 90, 91, 92, 93, 500}) {
            const auto message = random_bytes(rng, size);
            const auto encoded = serial::encode_frame(message, line_length);
            ASSERT_TRUE(encoded);
            EXPECT_EQ(encoded->size(), serial::encoded_size(size, line_length));
            const auto lines = lines_of(*encoded);
            ASSERT_EQ(lines.size(), serial::encoded_line_count(size, line_length));
            std::string text;
            for (std::size_t i = 0; i < lines.size(); ++i) {
                const auto& line = lines[i];
                EXPECT_LE(line.size(), line_length);
                EXPECT_EQ(line.substr(0, 2), i == 0 ? "\x06\x09" : "\x04\x14");
                const auto body = line.substr(2, line.size() - 3);
                EXPECT_EQ(body.size() % 4, 0u);
                // Each line decodes on its own, as the devices decode it.
                EXPECT_TRUE(smp::serial::base64::decode(body)) << body;
                text += body;
            }
            const auto frame = smp::serial::base64::decode(text);
            ASSERT_TRUE(frame);
            ASSERT_EQ(frame->size(), size + 4);
            EXPECT_EQ(((*frame)[0] << 8 | (*frame)[1]), static_cast<int>(size + 2));
            EXPECT_EQ(smp::Bytes(frame->begin() + 2, frame->end() - 2), message);
            EXPECT_EQ(smp::serial::crc16_xmodem(smp::ByteView(*frame).subspan(2)), 0);
        }
    }
}

TEST(SerialEncoder, AppendsToExistingOutput) {
    smp::Bytes out{'x'};
    ASSERT_TRUE(serial::encode_frame_into(echo_request, out));
    ASSERT_TRUE(serial::encode_frame_into(echo_request, out));
    EXPECT_EQ(out.size(), 1 + 2 * 31u);
    EXPECT_EQ(out[0], 'x');
    EXPECT_EQ(out[1], 0x06);
    EXPECT_EQ(out[32], 0x06);
}

TEST(SerialEncoder, RejectsShortLinesAndOversizeMessages) {
    auto short_line = serial::encode_frame(echo_request, 7);
    ASSERT_FALSE(short_line);
    EXPECT_EQ(short_line.error().code, smp::Errc::invalid_argument);

    const smp::Bytes largest(serial::max_frame_message_size);
    EXPECT_TRUE(serial::encode_frame(largest));
    const smp::Bytes too_large(serial::max_frame_message_size + 1);
    smp::Bytes out{1, 2};
    auto status = serial::encode_frame_into(too_large, out);
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().code, smp::Errc::message_too_large);
    EXPECT_EQ(out, (smp::Bytes{1, 2}));
}

TEST(SerialEncoder, MaxMessageForEncodedSizeIsTheExactBoundary) {
    for (const std::size_t line_length : {8, 64, 128}) {
        for (std::size_t budget = 0; budget < 3000; budget += 7) {
            const std::size_t m = serial::max_message_for_encoded_size(budget, line_length);
            if (m == 0 && serial::encoded_size(0, line_length) > budget)
                continue;
            EXPECT_LE(serial::encoded_size(m, line_length), budget);
            EXPECT_GT(serial::encoded_size(m + 1, line_length), budget);
        }
    }
    // Two 128-byte lines: 182 bytes of message (186 decoded -> 248 chars -> 254 bytes).
    EXPECT_EQ(serial::max_message_for_encoded_size(256), 182u);
}

TEST(Base64, RoundTripsAndRejectsNonCanonicalText) {
    std::mt19937 rng(3);
    for (std::size_t n = 0; n < 50; ++n) {
        const auto data = random_bytes(rng, n);
        const auto text = smp::serial::base64::encode(data);
        EXPECT_EQ(text.size(), smp::serial::base64::encoded_size(n));
        EXPECT_EQ(smp::serial::base64::decode(text), data);
    }
    EXPECT_EQ(smp::serial::base64::encode(smp::as_bytes("hello")), "aGVsbG8=");
    EXPECT_FALSE(smp::serial::base64::decode("aGVsbG8"));     // missing padding
    EXPECT_FALSE(smp::serial::base64::decode("aGVsbG9="));    // unused bits set
    EXPECT_FALSE(smp::serial::base64::decode("aG=sbG8="));    // padding in the middle
    EXPECT_FALSE(smp::serial::base64::decode("aGVs\nbG8="));  // whitespace
    EXPECT_FALSE(smp::serial::base64::decode("aGU=aGU="));    // padding before the end
}

}  // namespace
