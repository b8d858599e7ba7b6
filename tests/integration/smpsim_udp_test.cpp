// SPDX-License-Identifier: Apache-2.0
// The real smpsim over UDP, driven with the protocol encoders.
#include "smpsim_process.hpp"
#include "udp_client.hpp"

#include <smp/protocol/cbor.hpp>
#include <smp/protocol/messages/os.hpp>

namespace {

using namespace smp_it;

TEST(SmpsimUdp, PrintsReadyLineWithRealPortAndEchoes) {
    SmpsimProcess sim({"--udp", "127.0.0.1:0"}, 1);
    ASSERT_EQ(sim.ready[0]["transport"], "udp");
    const auto address = sim.ready[0]["address"].get<std::string>();
    EXPECT_NE(address, "127.0.0.1:0");
    UdpClient client(address);
    client.send(smp::encode_request(smp::os::Echo{.d = "over udp"}, 42));
    auto reply = client.receive();
    ASSERT_TRUE(reply);
    auto msg = smp::decode_message(*reply);
    ASSERT_TRUE(msg);
    EXPECT_EQ(msg->header.sequence, 42);
    auto echo = smp::decode_response<smp::os::EchoResponse>(msg->payload);
    ASSERT_TRUE(echo);
    EXPECT_EQ(echo->r, "over udp");
    EXPECT_EQ(sim.stop(), 0);
}

TEST(SmpsimUdp, Ipv6AndUdpDefaultBuffers) {
    SmpsimProcess sim({"--udp", "[::1]:0"}, 1);
    const auto address = sim.ready[0]["address"].get<std::string>();
    ASSERT_EQ(address.rfind("[::1]:", 0), 0u);
    UdpClient client(address);
    client.send(smp::encode_request(smp::os::McumgrParams{}, 1));
    auto reply = client.receive();
    ASSERT_TRUE(reply);
    auto params =
        smp::decode_response<smp::os::McumgrParamsResponse>(smp::decode_message(*reply)->payload);
    ASSERT_TRUE(params);
    EXPECT_EQ(params->buf_size, 2048u);  // Zephyr UDP builds: 2048 x 2
    EXPECT_EQ(params->buf_count, 2u);
}

TEST(SmpsimUdp, SeveralMessagesInOneDatagramGetSeparateDatagrams) {
    SmpsimProcess sim({"--udp", "127.0.0.1:0"}, 1);
    UdpClient client(sim.ready[0]["address"].get<std::string>());
    auto packet = smp::encode_request(smp::os::Echo{.d = "a"}, 1);
    auto second = smp::encode_request(smp::os::Echo{.d = "b"}, 2);
    packet.insert(packet.end(), second.begin(), second.end());
    client.send(packet);
    auto first = client.receive();
    auto next = client.receive();
    ASSERT_TRUE(first && next);
    EXPECT_EQ(smp::decode_message(*first)->header.sequence, 1);
    EXPECT_EQ(smp::decode_message(*next)->header.sequence, 2);
}

}  // namespace
