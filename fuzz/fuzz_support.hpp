// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the streaming-decoder fuzzers share: a check that aborts (libFuzzer reports it as a
// crash with the input), and one way of turning an input into a chunked byte stream.
#include <smp/protocol/bytes.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <optional>

namespace smp_fuzz {

inline void check(bool ok) {
    if (!ok)
        std::abort();
}

/// A fuzz input as a stream: the first byte picks the chunk size (1..64) and the maximum
/// message size (64 when its top bit is set, else `default_max`), so both vary with the
/// input; the remaining bytes are the stream.
struct Stream {
    std::size_t chunk = 1;
    std::size_t max_message = 0;
    smp::ByteView input{};
};

inline std::optional<Stream> to_stream(const std::uint8_t* data, std::size_t size,
                                       std::size_t default_max) {
    if (size == 0)
        return std::nullopt;
    return Stream{.chunk = 1 + data[0] % 64u,
                  .max_message = (data[0] & 0x80) != 0 ? 64 : default_max,
                  .input = smp::ByteView(data + 1, size - 1)};
}

/// Feeds the stream to `decoder` one chunk at a time and passes every event it yields to
/// `on_event`.
template <class Decoder, class OnEvent>
void feed_in_chunks(Decoder& decoder, const Stream& stream, OnEvent&& on_event) {
    const auto input = stream.input;
    for (std::size_t pos = 0; pos < input.size(); pos += stream.chunk) {
        decoder.feed(input.subspan(pos, std::min(stream.chunk, input.size() - pos)));
        while (auto event = decoder.next())
            on_event(*event);
    }
}

}  // namespace smp_fuzz
