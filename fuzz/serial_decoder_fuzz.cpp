// Fuzzes the streaming serial decoder: no crash, and its invariants hold whatever the input
// and however it is chunked: every message has a CRC-valid frame behind it (re-encoding it
// and decoding that gives it back), respects the maximum size, and console bytes plus SMP
// line bytes never exceed the input.
#include <smp/protocol/serial_decoder.hpp>

#include <algorithm>
#include <cstdlib>

namespace {

void check(bool ok) {
    if (!ok)
        std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    // First byte: chunk size and max message size, so both vary with the input.
    const std::size_t chunk = 1 + data[0] % 64;
    const std::size_t max_message = data[0] & 0x80 ? 64 : smp::serial::max_frame_message_size;
    const smp::ByteView input(data + 1, size - 1);

    smp::serial::Decoder decoder(max_message);
    std::size_t console_bytes = 0;
    for (std::size_t pos = 0; pos < input.size(); pos += chunk) {
        decoder.feed(input.subspan(pos, std::min(chunk, input.size() - pos)));
        while (auto event = decoder.next()) {
            if (event->is_console()) {
                check(!event->bytes.empty());
                console_bytes += event->bytes.size();
            } else if (event->is_message()) {
                check(event->bytes.size() <= max_message);
                // A delivered message must survive a round trip through the encoder.
                auto encoded = smp::serial::encode_frame(event->bytes);
                check(encoded.has_value());
                smp::serial::Decoder again;
                again.feed(*encoded);
                auto back = again.next();
                check(back && back->is_message() && back->bytes == event->bytes);
                check(!again.next());
            } else {
                check(event->bytes.empty());
            }
        }
    }
    check(console_bytes <= input.size());
    return 0;
}
