// SPDX-License-Identifier: Apache-2.0
#pragma once
// The requests of the differential conformance harness (differential_test.cpp): every command
// of every group the real servers build in, with valid, missing, wrong-typed, out-of-range and
// unknown fields, unknown groups and commands, reserved versions and ops, empty, non-map and
// oversized payloads, and names that do not exist. Each is sent alike to a real server and to
// smpsim configured like it (smpsim --profile).
#include <smp/protocol/bytes.hpp>
#include <smp/protocol/header.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace smp_zephyr {

struct Probe {
    std::string name{};  ///< "group.command[.variant]@vN", what the allow-list matches
    std::uint16_t group = 0;
    std::uint8_t command = 0;
    std::uint8_t op = 0;       ///< the 3-bit op field, reserved values included
    std::uint8_t version = 1;  ///< the 2-bit version field: 0 = v1, 1 = v2, 2-3 reserved
    smp::Bytes payload{};
    /// The header's length field when it must lie about the payload.
    std::optional<std::uint16_t> length{};
    /// How long to wait for an answer: an answer ends the wait at once, so only the probes
    /// a device may leave unanswered (oversized packets) get a short one.
    std::chrono::milliseconds wait{3000};

    /// The whole message with `sequence`.
    smp::Bytes message(std::uint8_t sequence) const;
};

/// The corpus for a device whose SMP buffer is `buf_size` bytes and whose transport carries
/// at most `max_packet` bytes of one message (UDP: 1500).
std::vector<Probe> conformance_corpus(std::size_t buf_size, std::size_t max_packet);

}  // namespace smp_zephyr
