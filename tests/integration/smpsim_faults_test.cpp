// SPDX-License-Identifier: Apache-2.0
// Fault injection of the real smpsim: with --loss the device answers some requests and not
// others, and the same seed loses the same ones.
#include "smpsim_process.hpp"
#include "udp_client.hpp"

#include <smp/protocol/messages/os.hpp>

namespace {

using namespace smp_it;

// Which of `n` echo requests (sent one after the other) got an answer.
std::vector<bool> answered(const std::vector<std::string>& args, int n) {
    SmpsimProcess sim(args, 1);
    UdpClient client(sim.ready[0]["address"].get<std::string>());
    std::vector<bool> out;
    for (int i = 0; i < n; ++i) {
        const auto seq = static_cast<std::uint8_t>(i);
        client.send(smp::encode_request(smp::os::Echo{.d = "x"}, seq));
        // A lost request or response never comes; an answer on loopback takes microseconds,
        // so the wait only bounds the test's run time.
        auto reply = client.receive(250);
        out.push_back(reply && smp::decode_message(*reply)->header.sequence == seq);
    }
    return out;
}

TEST(SmpsimFaults, LossDropsSomeRequestsDeterministically) {
    const std::vector<std::string> args{"--udp", "127.0.0.1:0", "--loss", "0.3", "--seed", "7"};
    const auto first = answered(args, 12);
    const auto ok = std::count(first.begin(), first.end(), true);
    EXPECT_GT(ok, 0);
    EXPECT_LT(ok, 12);
    EXPECT_EQ(answered(args, 12), first);
}

}  // namespace
