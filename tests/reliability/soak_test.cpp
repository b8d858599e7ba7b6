// SPDX-License-Identifier: Apache-2.0
// Soak over UDP: consecutive uploads over a faulty link (5% loss, 1% corruption, 1%
// duplication, 2% reordering in each direction, seeded) with a device reset in the middle of
// every tenth upload. Each image must end up on the device (hash in slot 1 from state read)
// within a few attempts; every failed attempt must be a clear error (a known code and a
// message naming the device); nothing hangs (every wait is bounded by the client's timeouts
// and send limits, and ctest's timeout); no upload reports success for an image the slot does
// not hold. CI: 20 uploads; SMP_RELIABILITY_FULL=1: 200. The serial variant is
// serial_soak_test.cpp.
#include "reliability/soak_support.hpp"

namespace {

using namespace smp_rel;

TEST(Soak, UploadsUnderLossCorruptionDuplicationReorderingAndResets) {
    const unsigned uploads = full_run() ? 200 : 20;
    Device device(faulty_link(7));
    const SoakReport report = run_soak(udp_to(device.port), device.port, uploads);
    report.print("udp");
    EXPECT_EQ(report.resets, uploads / 10);
    // Issue #4: a late first chunk used to erase the slot after upload_image reported
    // success; upload_image now checks the slot before it says so.
    EXPECT_EQ(report.lost_after_success, 0u);
}

}  // namespace
