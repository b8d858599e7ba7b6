// SPDX-License-Identifier: Apache-2.0
// Round-trip estimates of an upload (see smp/protocol/upload/rtt_estimator.hpp).
#include <smp/protocol/upload/rtt_estimator.hpp>

namespace smp::upload {

std::optional<std::chrono::microseconds> RttEstimator::sample(UploadTime now,
                                                              const SendStamp& stamp) {
    if (stamp.resend)
        return std::nullopt;
    const auto rtt = std::chrono::duration_cast<std::chrono::microseconds>(now - stamp.sent);
    // RFC 6298 2.2/2.3: SRTT <- 7/8 SRTT + 1/8 R.
    srtt_ = srtt_ ? (*srtt_ * 7 + rtt) / 8 : rtt;
    return rtt;
}

void RttEstimator::take_lone(UploadTime now, std::chrono::microseconds rtt) {
    min_rtt_ = rtt;
    min_rtt_at_ = now;
    min_rtt_lone_ = true;
}

void RttEstimator::offer(UploadTime now, std::chrono::microseconds rtt, bool alone,
                         std::chrono::milliseconds lifetime) {
    // Only a chunk that went while nothing else was in flight may undercut a round trip taken
    // alone: a device that serves its requests in batches answers a chunk that arrives just
    // before a batch sooner than one sent alone, which waits for the next (the emulated mps2
    // with 1 KiB buffers answered pairs of chunks every 80 ms: lone round trips of 88 ms,
    // pipelined ones down to 48 ms). Little's law with that 48 ms said window 1 would do where
    // it ran at half the speed of window 2, and each probe down to it cost the upload
    // (issue 14).
    const bool expired = !min_rtt_ || now - min_rtt_at_ > lifetime;
    if (expired || (rtt <= *min_rtt_ && (alone || !min_rtt_lone_))) {
        min_rtt_ = rtt;
        min_rtt_at_ = now;
        min_rtt_lone_ = alone;
    }
}

}  // namespace smp::upload
