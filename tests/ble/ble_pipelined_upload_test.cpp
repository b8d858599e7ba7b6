// SPDX-License-Identifier: Apache-2.0
// Pipelined uploads over BLE where each request takes several writes (reassembly) and the
// writes suspend (WriteValue over D-Bus, no AcquireWrite): the requests in flight must not
// interleave their pieces, or the device reassembles garbage (rc 3, or chunks never
// accepted). With AcquireWrite the same upload is the reference.
#include "ble_rig.hpp"
#include "integration/client_runner.hpp"

#include <smp/transport/ble.hpp>

#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;

struct WriteCase {
    std::string name{};
    std::size_t mtu = 247;
    bool acquire = true;
};

// gtest prints parameters in failure messages and --gtest_list_tests: names, not bytes.
void PrintTo(const WriteCase& c, std::ostream* out) {
    *out << c.name;
}

class BlePipelinedUpload : public ::testing::TestWithParam<WriteCase> {};

TEST_P(BlePipelinedUpload, EveryChunkIsAcceptedOnceAndTheDeviceMatches) {
    const auto& param = GetParam();
    std::vector<std::string> args{
        "--mtu",       std::to_string(param.mtu), "--buf-size", "512", "--buf-count", "4",
        "--reassembly"};
    if (!param.acquire)
        args.push_back("--no-acquire");
    smp_ble_test::BleRig rig(args);
    const smp::BleOptions ble{
        .address = "C0:FF:EE:00:00:01", .scan_timeout = 5s, .reassembly = true};
    smp::ClientOptions options = smp_it::ClientRunner::quiet();
    options.timeout = 2000ms;
    smp_it::ClientRunner c(
        [&](asio::any_io_executor ex) { return smp::make_ble_transport(ex, ble); }, options, 1s);
    auto connected = c.run(c.client.connect());
    ASSERT_TRUE(connected) << connected.error().message();
    ASSERT_EQ(c.client.params().window, 3u);  // three requests in flight

    smp::UploadOptions upload;
    upload.chunk_timeout = 1000ms;
    auto result = c.run(c.client.upload_image(smp_it::test_image(6000), upload));
    ASSERT_TRUE(result) << result.error().message();
    EXPECT_EQ(result->match, std::optional(true));
    EXPECT_EQ(result->counters.resends, 0u);
    EXPECT_EQ(result->counters.timeouts, 0u);
}

INSTANTIATE_TEST_SUITE_P(Writes, BlePipelinedUpload,
                         ::testing::Values(WriteCase{"AcquireWriteMtu23", 23, true},
                                           WriteCase{"WriteValueMtu23", 23, false},
                                           WriteCase{"WriteValueMtu247", 247, false}),
                         [](const auto& test) { return test.param.name; });

}  // namespace
