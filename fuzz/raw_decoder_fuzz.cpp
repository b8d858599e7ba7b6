// Fuzzes the raw serial decoder: no crash, and no byte is lost or duplicated: the messages
// and dropped bytes it reports, plus what it still buffers, add up to the input, and every
// message is exactly one valid SMP message within the maximum size.
#include <smp/protocol/raw_framing.hpp>

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
    const std::size_t chunk = 1 + data[0] % 64;
    const std::size_t max_message = data[0] & 0x80 ? 64 : smp::serial::max_raw_message_size;
    const smp::ByteView input(data + 1, size - 1);

    smp::serial::RawDecoder decoder(max_message);
    smp::Bytes seen;
    for (std::size_t pos = 0; pos < input.size(); pos += chunk) {
        decoder.feed(input.subspan(pos, std::min(chunk, input.size() - pos)));
        while (auto event = decoder.next()) {
            check(!event->is_console());
            if (event->is_message()) {
                check(event->bytes.size() <= max_message);
                check(smp::serial::encode_raw_frame(event->bytes).has_value());
            } else {
                check(!event->bytes.empty());
            }
            seen.insert(seen.end(), event->bytes.begin(), event->bytes.end());
        }
    }
    // What was reported is a prefix of the input; the rest is still buffered.
    check(seen.size() + decoder.buffered() == input.size());
    check(std::equal(seen.begin(), seen.end(), input.begin()));
    return 0;
}
