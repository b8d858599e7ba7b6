// Fuzzes the CBOR decoder and the typed response decoding on top of it: neither may crash,
// leak, or accept a value that does not re-encode.
#include <smp/protocol/cbor.hpp>
#include <smp/protocol/messages/os.hpp>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const smp::ByteView input(data, size);
    auto value = smp::cbor::decode(input);
    if (value) {
        // Re-encoding must be stable (compared as bytes: NaN != NaN as values).
        const auto encoded = smp::cbor::encode(*value);
        auto again = smp::cbor::decode(encoded);
        if (!again || smp::cbor::encode(*again) != encoded)
            std::abort();
    }
    (void)smp::decode_response<smp::os::EchoResponse>(input);
    (void)smp::decode_response<smp::os::TaskStatsResponse>(input);
    (void)smp::decode_payload<smp::os::Reset>(input);
    return 0;
}
