// SPDX-License-Identifier: Apache-2.0
#include <smp/server/fault_injector.hpp>

namespace smp::server {

FaultInjector::FaultInjector(const LinkConfig& link) : link_(link), rng_(link.seed) {}

bool FaultInjector::enabled() const noexcept {
    return link_.loss > 0 || link_.corrupt > 0 || link_.dup > 0 || link_.reorder > 0;
}

// A uniform double in [0, 1) from the top 53 bits: the same sequence on every standard
// library (std::uniform_real_distribution is implementation-defined).
bool FaultInjector::chance(double probability) {
    if (probability <= 0)
        return false;
    const double u = static_cast<double>(rng_() >> 11) * 0x1.0p-53;
    return u < probability;
}

Verdict FaultInjector::decide(std::size_t size) {
    Verdict v;
    if (chance(link_.loss)) {
        v.drop = true;
        return v;
    }
    if (size > 0 && chance(link_.corrupt)) {
        v.corrupt_at = static_cast<std::size_t>(rng_() % size);
        v.corrupt_mask = static_cast<std::uint8_t>(1u << (rng_() % 8));
    }
    v.duplicate = chance(link_.dup);
    v.hold_back = chance(link_.reorder);
    return v;
}

void FaultInjector::corrupt(Bytes& packet, const Verdict& verdict) {
    if (verdict.corrupt_at && *verdict.corrupt_at < packet.size())
        packet[*verdict.corrupt_at] ^= verdict.corrupt_mask;
}

}  // namespace smp::server
