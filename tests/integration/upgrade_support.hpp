// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the upgrade tests against smpsim share: images of a given version, and upgrade options
// with waits short enough for a local virtual device.
#include <smp/client/upgrade.hpp>

#include <chrono>
#include <cstdint>

#include "support/images.hpp"

namespace smp_it {

/// Images of a given version: tests/support/images.hpp.
using smp::test::versioned_image;

/// Reconnect every 300 ms for up to 10 s; 500 ms per chunk.
inline smp::UpgradeOptions fast_upgrade() {
    using namespace std::chrono_literals;
    smp::UpgradeOptions o;
    o.reconnect_interval = 300ms;
    o.reconnect_timeout = 10000ms;
    o.upload.chunk_timeout = 500ms;
    return o;
}

}  // namespace smp_it
