// SPDX-License-Identifier: Apache-2.0
// Why the serial transport can pace its writes: the native_sim `serial` build has Zephyr's
// default UART receive pool (two 128-byte line buffers, CONFIG_UART_MCUMGR_RX_BUF_COUNT=2).
// A message of 5 lines written in one burst loses its later lines ("uart_mcumgr: Insufficient
// buffers, fragment dropped") and is never answered; written at 115200 baud it is.
#include "real_server_test.hpp"

#include <smp/protocol/error.hpp>
#include <smp/protocol/messages/os.hpp>

namespace smp_zephyr {
namespace {

TEST(Pacing, ABurstOverflowsTheDefaultUartPoolAndPacedLinesDoNot) {
    ZephyrServer server(fixture("serial"));
    const smp::os::Echo five_lines{.d = std::string(360, 'P')};  // a 372-byte message

    ClientSetup burst;
    burst.pace_baud_rate = std::optional<unsigned>{};  // no pacing
    burst.timeout = std::chrono::milliseconds(1500);
    auto unpaced = connect_when_answering(server, burst);  // short messages get through
    auto lost = unpaced->request(five_lines);
    ASSERT_FALSE(lost) << "the burst was answered: the build's receive pool has grown";
    EXPECT_EQ(lost.error().code, smp::Errc::timeout) << lost.error().message();
    EXPECT_NE(server.output().find("Insufficient buffers, fragment dropped"), std::string::npos)
        << server.output();
    unpaced.reset();

    ClientSetup paced;
    paced.pace_baud_rate = 115200u;
    auto client = connect_when_answering(server, paced);
    auto answer = client->request(five_lines);
    ASSERT_TRUE(answer) << answer.error().message();
    EXPECT_EQ(answer->r, five_lines.d);
}

}  // namespace
}  // namespace smp_zephyr
