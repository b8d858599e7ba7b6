// Fuzzes the CBOR decoder and the typed response decoding on top of it: neither may crash,
// leak, or accept a value that does not re-encode.
#include <smp/protocol/cbor.hpp>
#include <smp/protocol/messages/custom.hpp>
#include <smp/protocol/messages/fs.hpp>
#include <smp/protocol/messages/image.hpp>
#include <smp/protocol/messages/os.hpp>
#include <smp/protocol/messages/shell.hpp>

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
    (void)smp::decode_response<smp::image::StateResponse>(input);
    (void)smp::decode_response<smp::image::SlotInfoResponse>(input);
    (void)smp::decode_response<smp::fs::FileHashResponse>(input);
    (void)smp::decode_response<smp::shell::ExecResponse>(input);
    (void)smp::custom::decode_response(input);
    return 0;
}
