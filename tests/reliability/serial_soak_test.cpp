// SPDX-License-Identifier: Apache-2.0
// Soak over serial (issue 7: "over UDP and serial"): the same loop as soak_test.cpp, the
// uploads going through a real pseudo-terminal in SMP console framing (base64 lines with
// CRC-16). smpsim applies the same link faults to each frame: a corrupted byte breaks the
// frame's CRC, so on serial corruption is a lost frame; loss, duplication and reordering
// act on whole frames. Resets (every tenth upload, mid-upload) and the hash checks go
// through the same device's UDP endpoint, as a lab's power switch would.
// CI: 10 uploads; SMP_RELIABILITY_FULL=1 (scripts/run-reliability.sh): 200.
#include <smp/transport/serial.hpp>

#include "reliability/soak_support.hpp"

namespace {

using namespace smp_rel;

TEST(SerialSoak, UploadsOverAPtyUnderLossCorruptionDuplicationReorderingAndResets) {
    const unsigned uploads = full_run() ? 200 : 10;
    std::vector<std::string> args{"--udp", "127.0.0.1:0", "--pty"};
    const auto faults = faulty_link(11);
    args.insert(args.end(), faults.begin(), faults.end());
    smp_it::SmpsimProcess sim(args, 2);  // ready lines: the UDP endpoint, then the PTY
    const auto address = sim.ready.at(0).at("address").get<std::string>();
    const auto port =
        static_cast<std::uint16_t>(std::stoul(address.substr(address.rfind(':') + 1)));
    const auto pty = sim.ready.at(1).at("path").get<std::string>();
    const TransportFactory serial = [pty](asio::any_io_executor ex) {
        return smp::make_serial_transport(std::move(ex), smp::SerialOptions{.device = pty});
    };
    const SoakReport report = run_soak(serial, port, uploads);
    report.print("serial");
    EXPECT_EQ(report.resets, uploads / 10);
    EXPECT_EQ(report.lost_after_success, 0u);
}

}  // namespace
