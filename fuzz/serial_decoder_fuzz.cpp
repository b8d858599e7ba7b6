// SPDX-License-Identifier: Apache-2.0
// Fuzzes the streaming serial decoder: no crash, and its invariants hold whatever the input
// and however it is chunked: every message has a CRC-valid frame behind it (re-encoding it
// and decoding that gives it back), respects the maximum size, and console bytes plus SMP
// line bytes never exceed the input.
#include <smp/protocol/serial/decoder.hpp>

#include "fuzz_support.hpp"

using smp_fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto stream = smp_fuzz::to_stream(data, size, smp::serial::max_frame_message_size);
    if (!stream)
        return 0;
    const auto max_message = stream->max_message;
    smp::serial::Decoder decoder(max_message);
    std::size_t console_bytes = 0;
    smp_fuzz::feed_in_chunks(decoder, *stream, [&](const auto& event) {
        if (event.is_console()) {
            check(!event.bytes.empty());
            console_bytes += event.bytes.size();
        } else if (event.is_message()) {
            check(event.bytes.size() <= max_message);
            // A delivered message must survive a round trip through the encoder.
            auto encoded = smp::serial::encode_frame(event.bytes);
            check(encoded.has_value());
            smp::serial::Decoder again;
            again.feed(*encoded);
            auto back = again.next();
            check(back && back->is_message() && back->bytes == event.bytes);
            check(!again.next());
        } else {
            check(event.bytes.empty());
        }
    });
    check(console_bytes <= stream->input.size());
    return 0;
}
