// SPDX-License-Identifier: Apache-2.0
#include <smp/protocol/serial/base64.hpp>
#include <smp/protocol/serial/crc16.hpp>
#include <smp/protocol/serial/decoder.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace {

namespace serial = smp::serial;
using Kind = serial::FrameEvent::Kind;

const smp::Bytes echo_request{0x0a, 0x00, 0x00, 0x09, 0x00, 0x00, 0x01, 0x00, 0xa1,
                              0x61, 0x64, 0x65, 0x68, 0x65, 0x6c, 0x6c, 0x6f};

smp::Bytes bytes_of(std::string_view s) {
    return smp::Bytes(s.begin(), s.end());
}

smp::Bytes random_bytes(std::mt19937& rng, std::size_t n) {
    smp::Bytes out(n);
    for (auto& b : out)
        b = static_cast<std::uint8_t>(rng());
    return out;
}

smp::Bytes encode(const smp::Bytes& message, std::size_t line_length = 128) {
    return serial::encode_frame(message, line_length).value();
}

std::vector<serial::FrameEvent> drain(serial::Decoder& decoder) {
    std::vector<serial::FrameEvent> events;
    while (auto e = decoder.next())
        events.push_back(std::move(*e));
    return events;
}

std::vector<serial::FrameEvent> feed_all(serial::Decoder& decoder, const smp::Bytes& input) {
    decoder.feed(input);
    return drain(decoder);
}

std::vector<smp::Bytes> messages_of(const std::vector<serial::FrameEvent>& events) {
    std::vector<smp::Bytes> out;
    for (const auto& e : events)
        if (e.is_message())
            out.push_back(e.bytes);
    return out;
}

std::vector<serial::FrameError> errors_of(const std::vector<serial::FrameEvent>& events) {
    std::vector<serial::FrameError> out;
    for (const auto& e : events)
        if (e.is_error())
            out.push_back(e.error);
    return out;
}

std::string console_of(const std::vector<serial::FrameEvent>& events) {
    std::string out;
    for (const auto& e : events)
        if (e.is_console())
            out.append(e.bytes.begin(), e.bytes.end());
    return out;
}

// A frame built by hand: decoded frame bytes, base64 text cut at the given character
// positions into lines (to imitate other senders' cuts).
smp::Bytes frame_with_cuts(const smp::Bytes& message, const std::vector<std::size_t>& line_chars) {
    smp::Bytes frame{static_cast<std::uint8_t>((message.size() + 2) >> 8),
                     static_cast<std::uint8_t>(message.size() + 2)};
    frame.insert(frame.end(), message.begin(), message.end());
    const auto crc = smp::serial::crc16_xmodem(message);
    frame.push_back(static_cast<std::uint8_t>(crc >> 8));
    frame.push_back(static_cast<std::uint8_t>(crc));
    const std::string text = smp::serial::base64::encode(frame);
    smp::Bytes out;
    std::size_t pos = 0;
    for (std::size_t i = 0; pos < text.size(); ++i) {
        const std::size_t n =
            std::min(i < line_chars.size() ? line_chars[i] : text.size(), text.size() - pos);
        out.push_back(i == 0 ? 0x06 : 0x04);
        out.push_back(i == 0 ? 0x09 : 0x14);
        out.insert(out.end(), text.begin() + pos, text.begin() + pos + n);
        out.push_back('\n');
        pos += n;
    }
    return out;
}

TEST(SerialDecoder, DecodesTheWorkedExample) {
    serial::Decoder decoder;
    const auto events = feed_all(decoder, bytes_of("\x06\x09"
                                                   "ABMKAAAJAAABAKFhZGVoZWxsb3o2\n"));
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].kind, Kind::message);
    EXPECT_EQ(events[0].bytes, echo_request);
}

TEST(SerialDecoder, OneByteAtATimeGivesTheSameResult) {
    std::mt19937 rng(4);
    const auto message = random_bytes(rng, 700);
    const auto encoded = encode(message);
    serial::Decoder decoder;
    std::vector<serial::FrameEvent> events;
    for (const auto b : encoded) {
        decoder.feed(smp::ByteView(&b, 1));
        for (auto& e : drain(decoder))
            events.push_back(std::move(e));
    }
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].bytes, message);
}

TEST(SerialDecoder, ConsoleTextIsHandedBackWhole) {
    serial::Decoder decoder;
    smp::Bytes input = bytes_of("[00:00:01.000] <inf> main: booting\r\nuart:~$ ");
    const auto frame = encode(echo_request);
    input.insert(input.end(), frame.begin(), frame.end());
    const auto tail = bytes_of("log after\n\x04 not a marker\n\x06 neither\n");
    input.insert(input.end(), tail.begin(), tail.end());
    const auto events = feed_all(decoder, input);
    EXPECT_EQ(messages_of(events), std::vector<smp::Bytes>{echo_request});
    EXPECT_TRUE(errors_of(events).empty());
    EXPECT_EQ(console_of(events),
              "[00:00:01.000] <inf> main: booting\r\nuart:~$ log after\n"
              "\x04 not a marker\n\x06 neither\n");
    // Order is kept: the prompt comes before the message, the log after it.
    ASSERT_GE(events.size(), 3u);
    EXPECT_TRUE(events[0].is_console());
    EXPECT_TRUE(events[1].is_console());
    EXPECT_TRUE(events[2].is_message());
}

TEST(SerialDecoder, ConsoleEventsAreSplitAfterNewlinesAndNotHeldBack) {
    serial::Decoder decoder;
    auto events = feed_all(decoder, bytes_of("one\ntwo\nprompt> "));
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0].bytes, bytes_of("one\n"));
    EXPECT_EQ(events[1].bytes, bytes_of("two\n"));
    EXPECT_EQ(events[2].bytes, bytes_of("prompt> "));
}

TEST(SerialDecoder, StartMarkerInTheMiddleOfALineStartsAFrame) {
    serial::Decoder decoder;
    smp::Bytes input = bytes_of("partial log without newline");
    const auto frame = encode(echo_request);
    input.insert(input.end(), frame.begin(), frame.end());
    const auto events = feed_all(decoder, input);
    EXPECT_EQ(messages_of(events), std::vector<smp::Bytes>{echo_request});
    EXPECT_EQ(console_of(events), "partial log without newline");
}

TEST(SerialDecoder, AcceptsOtherSendersLineCuts) {
    std::mt19937 rng(5);
    const auto message = random_bytes(rng, 300);
    for (const std::vector<std::size_t>& cuts : std::vector<std::vector<std::size_t>>{
             {124, 124, 124},  // MCUboot: every 124 characters
             {92, 124, 124},   // a sender whose first line carries less
             {4, 8},           // tiny lines, then one long line (longer than 128 bytes)
             {}}) {            // the whole frame in one line
        serial::Decoder decoder;
        const auto events = feed_all(decoder, frame_with_cuts(message, cuts));
        EXPECT_EQ(messages_of(events), std::vector<smp::Bytes>{message}) << cuts.size();
        EXPECT_TRUE(errors_of(events).empty()) << cuts.size();
    }
}

TEST(SerialDecoder, AcceptsPaddingAtTheEndOfAnyLine) {
    // Lines decoded independently: a sender may pad each line (base64 of each slice).
    std::mt19937 rng(6);
    const auto message = random_bytes(rng, 50);
    smp::Bytes frame{0x00, 52};
    frame.insert(frame.end(), message.begin(), message.end());
    const auto crc = smp::serial::crc16_xmodem(message);
    frame.push_back(static_cast<std::uint8_t>(crc >> 8));
    frame.push_back(static_cast<std::uint8_t>(crc));
    smp::Bytes input{0x06, 0x09};
    const auto first = smp::serial::base64::encode(smp::ByteView(frame).first(10));  // padded
    input.insert(input.end(), first.begin(), first.end());
    input.push_back('\n');
    input.push_back(0x04);
    input.push_back(0x14);
    const auto rest = smp::serial::base64::encode(smp::ByteView(frame).subspan(10));
    input.insert(input.end(), rest.begin(), rest.end());
    input.push_back('\n');
    serial::Decoder decoder;
    EXPECT_EQ(messages_of(feed_all(decoder, input)), std::vector<smp::Bytes>{message});
}

TEST(SerialDecoder, ToleratesCarriageReturnsFromCookedPtys) {
    auto frame = encode(echo_request);
    frame.insert(frame.end() - 1, '\r');
    serial::Decoder decoder;
    EXPECT_EQ(messages_of(feed_all(decoder, frame)), std::vector<smp::Bytes>{echo_request});
}

TEST(SerialDecoder, ConsoleLinesBetweenLinesOfAFrameDoNotBreakIt) {
    std::mt19937 rng(8);
    const auto message = random_bytes(rng, 400);
    const auto encoded = encode(message);
    smp::Bytes input;
    for (const auto b : encoded) {
        input.push_back(b);
        if (b == '\n') {
            const auto log = bytes_of("<dbg> interleaved\n");
            input.insert(input.end(), log.begin(), log.end());
        }
    }
    serial::Decoder decoder;
    const auto events = feed_all(decoder, input);
    EXPECT_EQ(messages_of(events), std::vector<smp::Bytes>{message});
    EXPECT_TRUE(errors_of(events).empty());
}

TEST(SerialDecoder, ReportsEachErrorKindAndRecovers) {
    std::mt19937 rng(9);
    const auto good = random_bytes(rng, 200);
    const auto good_frame = encode(good);

    struct Case {
        std::string name;
        smp::Bytes input;
        serial::FrameError error;
    };
    std::vector<Case> cases;
    {
        auto bad = encode(echo_request);
        bad[5] = '*';
        cases.push_back({"bad base64", bad, serial::FrameError::bad_base64});
    }
    {
        auto bad = encode(echo_request);
        bad.erase(bad.end() - 2);  // the line is no longer whole groups
        cases.push_back({"partial group", bad, serial::FrameError::bad_base64});
    }
    {
        auto bad = echo_request;
        const auto frame = frame_with_cuts(bad, {});
        auto text = smp::Bytes(frame.begin() + 2, frame.end() - 1);
        auto decoded = smp::serial::base64::decode(std::string(text.begin(), text.end())).value();
        decoded[10] ^= 0x01;
        const auto re = smp::serial::base64::encode(decoded);
        smp::Bytes out{0x06, 0x09};
        out.insert(out.end(), re.begin(), re.end());
        out.push_back('\n');
        cases.push_back({"bad crc", out, serial::FrameError::bad_crc});
    }
    {
        // Length field says 5 bytes (message 3) but the line carries more.
        smp::Bytes frame{0x00, 0x05, 1, 2, 3, 4, 5, 6};
        const auto text = smp::serial::base64::encode(frame);
        smp::Bytes out{0x06, 0x09};
        out.insert(out.end(), text.begin(), text.end());
        out.push_back('\n');
        cases.push_back({"too long", out, serial::FrameError::length_mismatch});
    }
    {
        smp::Bytes frame{0x00, 0x01, 0xaa, 0xbb};
        const auto text = smp::serial::base64::encode(frame);
        smp::Bytes out{0x06, 0x09};
        out.insert(out.end(), text.begin(), text.end());
        out.push_back('\n');
        cases.push_back({"length below crc", out, serial::FrameError::length_mismatch});
    }
    {
        auto orphan = frame_with_cuts(random_bytes(rng, 300), {124, 124});
        const auto second = std::find(orphan.begin(), orphan.end(), '\n') + 1;
        orphan.erase(orphan.begin(), second);  // continuation lines only
        cases.push_back(
            {"orphan continuation", orphan, serial::FrameError::continuation_without_start});
    }
    {
        // Only the first line of a multi-line frame: the next start marker cuts it off.
        auto cut = encode(random_bytes(rng, 300));
        cut.erase(std::find(cut.begin(), cut.end(), '\n') + 1, cut.end());
        cases.push_back({"truncated", cut, serial::FrameError::truncated});
    }
    for (const auto& c : cases) {
        serial::Decoder decoder;
        smp::Bytes input = c.input;
        input.insert(input.end(), good_frame.begin(), good_frame.end());
        const auto events = feed_all(decoder, input);
        EXPECT_EQ(errors_of(events), std::vector<serial::FrameError>{c.error}) << c.name;
        EXPECT_EQ(messages_of(events), std::vector<smp::Bytes>{good}) << c.name;
        EXPECT_EQ(console_of(events), "") << c.name;
    }
}

TEST(SerialDecoder, RejectsOversizeFramesEarlyAndKeepsGoing) {
    std::mt19937 rng(10);
    serial::Decoder decoder(100);
    const auto big = random_bytes(rng, 101);
    const auto fits = random_bytes(rng, 100);
    smp::Bytes input = encode(big);
    const auto second = encode(fits);
    input.insert(input.end(), second.begin(), second.end());
    const auto events = feed_all(decoder, input);
    EXPECT_EQ(errors_of(events), std::vector<serial::FrameError>{serial::FrameError::oversize});
    EXPECT_EQ(messages_of(events), std::vector<smp::Bytes>{fits});
    EXPECT_EQ(serial::make_error_code(serial::FrameError::oversize),
              smp::make_error_code(smp::Errc::message_too_large));
    EXPECT_EQ(serial::make_error_code(serial::FrameError::bad_crc),
              smp::make_error_code(smp::Errc::crc_mismatch));
}

TEST(SerialDecoder, ResetDropsPartialState) {
    const auto frame = encode(echo_request);
    serial::Decoder decoder;
    decoder.feed(smp::ByteView(frame).first(10));
    decoder.reset();
    EXPECT_FALSE(decoder.has_event());
    const auto events = feed_all(decoder, frame);
    EXPECT_EQ(messages_of(events), std::vector<smp::Bytes>{echo_request});
    EXPECT_TRUE(errors_of(events).empty());
}

// Console noise: printable text lines (never starting with a marker byte).
smp::Bytes noise(std::mt19937& rng) {
    smp::Bytes out;
    const int lines = static_cast<int>(rng() % 3);
    for (int i = 0; i < lines; ++i) {
        const std::size_t n = rng() % 80;
        for (std::size_t j = 0; j < n; ++j)
            out.push_back(static_cast<std::uint8_t>(' ' + rng() % 95));
        out.push_back('\n');
    }
    return out;
}

// Feeds `input` in random-sized chunks (1 byte up to a few kilobytes).
std::vector<serial::FrameEvent> feed_chunked(serial::Decoder& decoder, const smp::Bytes& input,
                                             std::mt19937& rng) {
    std::vector<serial::FrameEvent> events;
    std::size_t pos = 0;
    while (pos < input.size()) {
        const std::size_t max_chunk = rng() % 2 ? 8 : 4096;
        const std::size_t n = std::min<std::size_t>(1 + rng() % max_chunk, input.size() - pos);
        decoder.feed(smp::ByteView(input).subspan(pos, n));
        for (auto& e : drain(decoder))
            events.push_back(std::move(e));
        pos += n;
    }
    return events;
}

TEST(SerialDecoderProperty, EncodeThenDecodeIsIdentityThroughNoiseAndChunking) {
    std::mt19937 rng(11);
    for (int round = 0; round < 200; ++round) {
        std::vector<smp::Bytes> sent;
        smp::Bytes stream;
        std::string console;
        const std::size_t line_length = rng() % 4 ? 128 : 8 + rng() % 200;
        for (int i = 0, n = 1 + static_cast<int>(rng() % 5); i < n; ++i) {
            const auto text = noise(rng);
            console.append(text.begin(), text.end());
            stream.insert(stream.end(), text.begin(), text.end());
            const std::size_t size = rng() % 8 == 0 ? rng() % 5000 : rng() % 400;
            sent.push_back(random_bytes(rng, size));
            const auto frame = encode(sent.back(), line_length);
            stream.insert(stream.end(), frame.begin(), frame.end());
        }
        serial::Decoder decoder;
        const auto events = feed_chunked(decoder, stream, rng);
        EXPECT_EQ(messages_of(events), sent) << "round " << round;
        EXPECT_TRUE(errors_of(events).empty()) << "round " << round;
        EXPECT_EQ(console_of(events), console) << "round " << round;
    }
}

TEST(SerialDecoderProperty, AFlippedBitCostsOneFrameAndTheNextFrameArrives) {
    std::mt19937 rng(12);
    int flips_in_payload = 0;
    for (int round = 0; round < 500; ++round) {
        const auto first = random_bytes(rng, 1 + rng() % 300);
        const auto second = random_bytes(rng, 1 + rng() % 300);
        auto broken = encode(first);
        // Flip one bit of a base64 character (not a marker or newline): the frame must fail.
        std::size_t pos;
        do {
            pos = rng() % broken.size();
        } while (smp::serial::base64::decode_char(static_cast<char>(broken[pos])) < 0 &&
                 broken[pos] != '=');
        broken[pos] ^= static_cast<std::uint8_t>(1u << (rng() % 7));
        if (broken[pos] == '\n' || broken[pos] == 0x06 || broken[pos] == 0x04 ||
            broken[pos] == '\r')
            continue;  // turned into framing, tested elsewhere
        ++flips_in_payload;
        smp::Bytes stream = broken;
        const auto next = encode(second);
        stream.insert(stream.end(), next.begin(), next.end());
        serial::Decoder decoder;
        const auto events = feed_chunked(decoder, stream, rng);
        EXPECT_EQ(errors_of(events).size(), 1u) << "round " << round;
        EXPECT_EQ(messages_of(events), std::vector<smp::Bytes>{second}) << "round " << round;
    }
    EXPECT_GT(flips_in_payload, 400);
}

}  // namespace
