// SPDX-License-Identifier: Apache-2.0
// smp::Client against the real smpsim process over UDP: parameters, echo, and pipelined
// image uploads across buffer sizes and counts, with and without link faults.
#include <smp/client/client.hpp>
#include <smp/detail/asio_compat.hpp>
#include <smp/mcuboot/image_builder.hpp>
#include <smp/protocol/messages/os.hpp>
#include <smp/transport/udp.hpp>

#include <asio/io_context.hpp>

#include "smpsim_udp.hpp"

namespace {

using namespace smp;
using namespace std::chrono_literals;

// A client over UDP to the smpsim process.
struct SimClient : smp_it::ClientRunner {
    explicit SimClient(const smp_it::SmpsimProcess& sim) : ClientRunner(smp_it::sim_udp(sim)) {}
};

Result<UploadResult> connect_and_upload(SimClient& c, const Bytes& image) {
    auto connected = c.run(c.client.connect());
    if (!connected)
        return connected.error();
    UploadOptions options;
    options.chunk_timeout = 300ms;
    options.max_sends_per_chunk = 20;
    return c.run(c.client.upload_image(image, options));
}

TEST(ClientSmpsim, EchoAndParamsAdaptation) {
    smp_it::SmpsimProcess sim({"--udp", "127.0.0.1:0", "--buf-size", "512", "--buf-count", "4"}, 1);
    SimClient c(sim);
    auto connected = c.run(c.client.connect());
    ASSERT_TRUE(connected) << connected.error().message();
    EXPECT_TRUE(c.client.params().from_device);
    EXPECT_EQ(c.client.params().buf_size, 512u);
    EXPECT_EQ(c.client.params().message_budget, 512u);
    EXPECT_EQ(c.client.params().window, 3u);
    const os::Echo hi{.d = "hello smpsim"};
    auto echo = c.run(c.client.request(hi));
    ASSERT_TRUE(echo) << echo.error().message();
    EXPECT_EQ(echo->r, "hello smpsim");
}

TEST(ClientSmpsim, EchoOverIpv6) {
    std::unique_ptr<smp_it::SmpsimProcess> sim;
    try {
        sim = std::make_unique<smp_it::SmpsimProcess>(std::vector<std::string>{"--udp", "[::1]:0"},
                                                      1);
    } catch (const std::exception& e) {
        GTEST_SKIP() << "smpsim could not bind [::1]: " << e.what();
    }
    SimClient c(*sim);
    ASSERT_TRUE(c.run(c.client.connect()));
    const os::Echo hi{.d = "v6"};
    auto echo = c.run(c.client.request(hi));
    ASSERT_TRUE(echo) << echo.error().message();
    EXPECT_EQ(echo->r, "v6");
}

class ClientSmpsimUpload : public ::testing::TestWithParam<std::tuple<std::size_t, std::size_t>> {};

TEST_P(ClientSmpsimUpload, PipelinedUploadEndsWithDeviceMatch) {
    const auto [buf_size, buf_count] = GetParam();
    smp_it::SmpsimProcess sim({"--udp", "127.0.0.1:0", "--buf-size", std::to_string(buf_size),
                               "--buf-count", std::to_string(buf_count)},
                              1);
    SimClient c(sim);
    const Bytes image = smp_it::test_image(20000);
    auto result = connect_and_upload(c, image);
    ASSERT_TRUE(result) << result.error().message();
    // 96 bytes cannot carry the sha with the first 32 image bytes: no match check then.
    EXPECT_EQ(result->match, buf_size == 96 ? std::nullopt : std::optional(true));
}

// buf_count 1: one request at a time, the answer reusing the request's buffer.
INSTANTIATE_TEST_SUITE_P(BufferMatrix, ClientSmpsimUpload,
                         ::testing::Combine(::testing::Values(96u, 128u, 256u, 384u, 512u, 1024u,
                                                              2048u, 4096u),
                                            ::testing::Values(1u, 2u, 4u)),
                         [](const auto& param_info) {
                             return "Buf" + std::to_string(std::get<0>(param_info.param)) + "x" +
                                    std::to_string(std::get<1>(param_info.param));
                         });

TEST(ClientSmpsim, UploadSurvivesLossDuplicationAndReordering) {
    smp_it::SmpsimProcess sim(
        {"--udp", "127.0.0.1:0", "--buf-size", "512", "--buf-count", "4", "--loss", "0.1", "--dup",
         "0.05", "--reorder", "0.05", "--seed", "7"},
        1);
    SimClient c(sim);
    const Bytes image = smp_it::test_image(30000);
    auto result = connect_and_upload(c, image);
    ASSERT_TRUE(result) << result.error().message();
    EXPECT_EQ(result->match, true);
    // With 10% of ~60 requests lost (seed 7), some chunk must have been sent again.
    EXPECT_GT(result->counters.resends, 0u);
}

// A power loss when the upload first reaches byte 8000 (smpsim --reset-at-offset, once):
// the rebooted device has forgotten the upload (Zephyr keeps no upload state across a
// reboot), so the client restarts it from offset 0 and still ends with the device's match.
TEST(ClientSmpsim, UploadSurvivesAPowerLossMidUpload) {
    smp_it::SmpsimProcess sim({"--udp", "127.0.0.1:0", "--buf-size", "512", "--buf-count", "4",
                               "--reset-at-offset", "8000"},
                              1);
    SimClient c(sim);
    const Bytes image = smp_it::test_image(20000);
    auto result = connect_and_upload(c, image);
    ASSERT_TRUE(result) << result.error().message();
    EXPECT_EQ(result->match, std::optional(true));
    EXPECT_GE(result->counters.restarts, 1u);
}

// close() leaves the io_context nothing to do, and the client connects again afterwards.
TEST(ClientSmpsim, CloseLetsTheIoContextRunDryAndConnectAgain) {
    smp_it::SmpsimProcess sim({"--udp", "127.0.0.1:0"}, 1);
    asio::io_context io;
    Client client(io.get_executor(), smp_it::sim_udp(sim)(io.get_executor()),
                  smp_it::ClientRunner::quiet());
    smp_it::expect_close_runs_dry_and_reconnects(io, client);
}

}  // namespace
