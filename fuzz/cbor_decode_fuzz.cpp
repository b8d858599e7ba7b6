// SPDX-License-Identifier: Apache-2.0
// Fuzzes the CBOR decoder and the typed response decoding on top of it: neither may crash,
// leak, or accept a value that does not re-encode.
//
// Input: the first byte picks the typed decoder (one per execution, so libFuzzer's coverage
// feedback ties new coverage to the decoder that found it, and no execution is spent running
// seven decoders over bytes that interest one); the rest is the CBOR payload. Every execution
// also decodes the payload as plain CBOR and checks that re-encoding is stable.
#include <smp/protocol/cbor.hpp>
#include <smp/protocol/messages/custom.hpp>
#include <smp/protocol/messages/fs.hpp>
#include <smp/protocol/messages/image.hpp>
#include <smp/protocol/messages/os.hpp>
#include <smp/protocol/messages/shell.hpp>

#include <cstdlib>

namespace {

void check_round_trip(smp::ByteView payload) {
    auto value = smp::cbor::decode(payload);
    if (!value)
        return;
    // Re-encoding must be stable (compared as bytes: NaN != NaN as values).
    const auto encoded = smp::cbor::encode(*value);
    auto again = smp::cbor::decode(encoded);
    if (!again || smp::cbor::encode(*again) != encoded)
        std::abort();
}

void decode_typed(std::uint8_t selector, smp::ByteView payload) {
    switch (selector % 8) {
        case 0:
            (void)smp::decode_response<smp::os::EchoResponse>(payload);
            break;
        case 1:
            (void)smp::decode_response<smp::os::TaskStatsResponse>(payload);
            break;
        case 2:
            (void)smp::decode_payload<smp::os::Reset>(payload);
            break;
        case 3:
            (void)smp::decode_response<smp::image::StateResponse>(payload);
            break;
        case 4:
            (void)smp::decode_response<smp::image::SlotInfoResponse>(payload);
            break;
        case 5:
            (void)smp::decode_response<smp::fs::FileHashResponse>(payload);
            break;
        case 6:
            (void)smp::decode_response<smp::shell::ExecResponse>(payload);
            break;
        default:
            (void)smp::custom::decode_response(payload);
            break;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    const smp::ByteView payload(data + 1, size - 1);
    check_round_trip(payload);
    decode_typed(data[0], payload);
    return 0;
}
