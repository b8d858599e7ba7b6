// SPDX-License-Identifier: Apache-2.0
// Fuzzes the raw serial decoder: no crash, and no byte is lost or duplicated: the messages
// and dropped bytes it reports, plus what it still buffers, add up to the input, and every
// message is exactly one valid SMP message within the maximum size.
#include <smp/protocol/serial/raw_framing.hpp>

#include <algorithm>

#include "fuzz_support.hpp"

using smp_fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto stream = smp_fuzz::to_stream(data, size, smp::serial::max_raw_message_size);
    if (!stream)
        return 0;
    const auto max_message = stream->max_message;
    smp::serial::RawDecoder decoder(max_message);
    smp::Bytes seen;
    smp_fuzz::feed_in_chunks(decoder, *stream, [&](const auto& event) {
        check(!event.is_console());
        if (event.is_message()) {
            check(event.bytes.size() <= max_message);
            check(smp::serial::encode_raw_frame(event.bytes).has_value());
        } else {
            check(!event.bytes.empty());
        }
        seen.insert(seen.end(), event.bytes.begin(), event.bytes.end());
    });
    // What was reported is a prefix of the input; the rest is still buffered.
    check(seen.size() + decoder.buffered() == stream->input.size());
    check(std::equal(seen.begin(), seen.end(), stream->input.begin()));
    return 0;
}
