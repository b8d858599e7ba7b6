// SPDX-License-Identifier: Apache-2.0
#pragma once
// Seeded fault injection for the link in front of the virtual device, sans-I/O: given a
// packet, decide what the link does to it (lose, corrupt one byte, deliver twice, hold it
// back behind the next packet). The smpsim I/O shell asks once per packet and direction and
// applies the verdict. Same seed and same packet sequence -> same verdicts.
//
// Thread safety: none (one injector per link, used from one thread).
#include <smp/protocol/bytes.hpp>
#include <smp/server/config.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>

namespace smp::server {

/// What the link does to one packet.
struct Verdict {
    bool drop = false;                        ///< the packet never arrives
    std::optional<std::size_t> corrupt_at{};  ///< index of the byte to flip
    std::uint8_t corrupt_mask = 0;            ///< non-zero XOR mask for that byte
    bool duplicate = false;                   ///< delivered twice
    bool hold_back = false;                   ///< delivered after the next packet (reordering)

    /// True when the packet passes untouched.
    bool clean() const noexcept { return !drop && !corrupt_at && !duplicate && !hold_back; }
};

/// Decides, packet by packet and from a seeded generator, which faults a link applies.
class FaultInjector {
  public:
    /// Uses the probabilities and seed of `link`.
    explicit FaultInjector(const LinkConfig& link);

    /// The fate of the next packet of `size` bytes. A dropped packet gets no other fault.
    Verdict decide(std::size_t size);
    /// Applies a verdict's corruption to the packet (no-op when there is none).
    static void corrupt(Bytes& packet, const Verdict& verdict);
    /// True when any fault probability is above zero.
    bool enabled() const noexcept;

  private:
    bool chance(double probability);
    LinkConfig link_;
    std::mt19937_64 rng_;
};

/// Time a serial link needs for `bytes` at `baud` (8N1: 10 bit times per byte); 0 = unlimited.
constexpr std::chrono::microseconds serial_time(std::size_t bytes, std::uint32_t baud) noexcept {
    return baud == 0 ? std::chrono::microseconds{0}
                     : std::chrono::microseconds{static_cast<std::int64_t>(bytes) * 10 * 1000000 /
                                                 static_cast<std::int64_t>(baud)};
}

}  // namespace smp::server
