// SPDX-License-Identifier: Apache-2.0
// Device::discard_pending: the queued requests of a link that went away are dropped and their
// buffers freed, while the request being processed finishes (Zephyr smp_bt.c).
#include <smp/protocol/messages/os.hpp>
#include <smp/server/device.hpp>

#include <gtest/gtest.h>

namespace {

smp::Bytes echo(std::uint8_t seq) {
    return smp::encode_request(smp::os::Echo{.d = "q"}, seq);
}

TEST(ServerDiscard, QueuedRequestsAreDroppedAndTheirBuffersFreed) {
    smp::server::DeviceConfig config;
    config.buf_size = 384;
    config.buf_count = 4;
    smp::server::Device device(config);
    for (std::uint8_t seq = 1; seq <= 3; ++seq)
        ASSERT_EQ(device.receive(echo(seq), 384), smp::server::Admission::accepted);
    auto first = device.process_next(smp::server::Duration{0});  // in progress: 2 buffers
    ASSERT_EQ(first.responses.size(), 1u);
    EXPECT_EQ(device.pool().in_use(), 4u);

    EXPECT_EQ(device.discard_pending(), 2u);
    EXPECT_FALSE(device.has_pending());
    EXPECT_EQ(device.pool().in_use(), 2u);  // the request in progress keeps its own
    device.finish();
    EXPECT_EQ(device.pool().in_use(), 0u);
    EXPECT_EQ(device.discard_pending(), 0u);
}

}  // namespace
