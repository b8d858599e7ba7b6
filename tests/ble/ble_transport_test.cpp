// SPDX-License-Identifier: Apache-2.0
// The client's operations over the BLE transport, against the fake BlueZ on a private bus.
#include "ble_rig.hpp"
#include "integration/client_runner.hpp"

#include <smp/client/client.hpp>
#include <smp/detail/asio_compat.hpp>
#include <smp/mcuboot/image_builder.hpp>
#include <smp/protocol/messages/os.hpp>
#include <smp/transport/ble.hpp>

#include <asio/io_context.hpp>

#include <gtest/gtest.h>

namespace {

using namespace smp;
using namespace std::chrono_literals;

// A client over the BLE transport. The D-Bus connection keeps the io_context busy after
// close(), so the wind-down is bounded.
struct BleClient : smp_it::ClientRunner {
    explicit BleClient(BleOptions options)
        : ClientRunner(
              [&](asio::any_io_executor ex) { return make_ble_transport(ex, std::move(options)); },
              client_options(), 1s) {}
    static ClientOptions client_options() {
        ClientOptions o = quiet();
        o.timeout = 2000ms;
        return o;
    }
};

BleOptions by_address(bool reassembly = false) {
    return BleOptions{.address = "c0:ff:ee:00:00:01", .scan_timeout = 5s, .reassembly = reassembly};
}

class BleTransportMtu : public ::testing::TestWithParam<std::tuple<std::size_t, bool>> {};

TEST_P(BleTransportMtu, EchoParamsAndUpload) {
    const auto [mtu, reassembly] = GetParam();
    std::vector<std::string> args{"--mtu", std::to_string(mtu), "--buf-size",
                                  "1024",  "--buf-count",       "4"};
    if (reassembly)
        args.push_back("--reassembly");
    smp_ble_test::BleRig rig(args);
    BleClient c(by_address(reassembly));
    auto connected = c.run(c.client.connect());
    ASSERT_TRUE(connected) << connected.error().message();
    EXPECT_EQ(c.client.params().buf_size, 1024u);
    const std::size_t expected_budget = reassembly ? 1024 : std::min<std::size_t>(mtu - 3, 1024);
    EXPECT_EQ(c.client.params().message_budget, expected_budget);

    // An echo whose answer spans several notifications at small MTUs.
    const os::Echo echo{.d = std::string(std::min<std::size_t>(expected_budget - 16, 300), 'e')};
    auto answer = c.run(c.client.request(echo));
    ASSERT_TRUE(answer) << answer.error().message();
    EXPECT_EQ(answer->r, echo.d);

    UploadOptions options;
    options.chunk_timeout = 1000ms;
    const auto image = smp_it::test_image(6000);
    auto uploaded = c.run(c.client.upload_image(image, options));
    ASSERT_TRUE(uploaded) << uploaded.error().message();
    EXPECT_EQ(uploaded->match, std::optional(true));
}

// MTU 23 leaves 20 bytes per write: too small for a first upload chunk without reassembly.
INSTANTIATE_TEST_SUITE_P(Mtus, BleTransportMtu,
                         ::testing::Values(std::tuple{23u, true}, std::tuple{185u, false},
                                           std::tuple{247u, false}, std::tuple{498u, false},
                                           std::tuple{247u, true}),
                         [](const auto& param_info) {
                             return "Mtu" + std::to_string(std::get<0>(param_info.param)) +
                                    (std::get<1>(param_info.param) ? "Reassembly" : "");
                         });

TEST(BleTransport, FindsTheDeviceByNameAndUsesTheFallbacksWithoutAcquire) {
    smp_ble_test::BleRig rig({"--name", "dut-42", "--no-acquire", "--mtu", "185"});
    BleClient c(BleOptions{.name = "dut-42", .scan_timeout = 5s});
    auto connected = c.run(c.client.connect());
    ASSERT_TRUE(connected) << connected.error().message();
    EXPECT_EQ(c.client.params().message_budget, 182u);  // MTU read from the property
    auto answer = c.run(c.client.request(os::Echo{.d = "over WriteValue"}));
    ASSERT_TRUE(answer) << answer.error().message();
    EXPECT_EQ(answer->r, "over WriteValue");
}

TEST(BleTransport, UnknownDeviceFailsAfterTheScanWithAClearError) {
    smp_ble_test::BleRig rig;
    BleClient c(BleOptions{.address = "AA:BB:CC:DD:EE:FF", .scan_timeout = 300ms});
    auto connected = c.run(c.client.connect());
    ASSERT_FALSE(connected);
    EXPECT_NE(connected.error().message().find("not found"), std::string::npos)
        << connected.error().message();
}

TEST(BleTransport, LinkDropMidUploadFailsItAsLinkLostAndLaterRequestsReportNotConnected) {
    smp_ble_test::BleRig rig({"--mtu", "247", "--drop-after", "8"});
    BleClient c(by_address());
    ASSERT_TRUE(c.run(c.client.connect()));
    UploadOptions options;
    options.chunk_timeout = 500ms;
    auto uploaded = c.run(c.client.upload_image(smp_it::test_image(20000), options));
    ASSERT_FALSE(uploaded);
    // The lost link ends the upload at once (not retried as lost chunks), naming the device.
    EXPECT_EQ(uploaded.error().code, make_error_code(Errc::not_connected))
        << uploaded.error().message();
    const auto text = uploaded.error().message();
    EXPECT_NE(text.find("link lost"), std::string::npos) << text;
    EXPECT_NE(text.find("c0:ff:ee:00:00:01"), std::string::npos) << text;

    auto after = c.run(c.client.request(os::Echo{.d = "still there?"}));
    ASSERT_FALSE(after);
    EXPECT_EQ(after.error().code, make_error_code(Errc::not_connected)) << after.error().message();
    EXPECT_NE(after.error().message().find("link lost"), std::string::npos)
        << after.error().message();
}

// The link drops while AcquireWrite is pending: the disconnection arrives before the call's
// answer and takes the characteristic's proxy (and so the answer) with it. The connect fails
// at once as a lost link (it used to wait forever), nothing uses the released proxy, and the
// next connect works.
TEST(BleTransport, LinkLostWhileAcquireWriteIsPendingFailsTheConnectAndTheNextOneWorks) {
    smp_ble_test::BleRig rig({"--mtu", "247", "--drop-at-acquire"});
    BleClient c(by_address());
    auto first = c.run(c.client.connect());
    ASSERT_FALSE(first);
    EXPECT_NE(first.error().message().find("lost: the device disconnected"), std::string::npos)
        << first.error().message();

    c.client.close();
    auto second = c.run(c.client.connect());
    ASSERT_TRUE(second) << second.error().message();
    const os::Echo echo{.d = "after the lost link"};
    auto answer = c.run(c.client.request(echo));
    ASSERT_TRUE(answer) << answer.error().message();
    EXPECT_EQ(answer->r, echo.d);
}

// After close() the transport stops watching the bus: an application's io_context::run()
// returns once its own work is done instead of waiting on D-Bus forever; a second connect
// opens a fresh D-Bus connection.
TEST(BleTransport, CloseLetsTheIoContextRunDryAndConnectAgain) {
    smp_ble_test::BleRig rig({"--mtu", "247"});
    asio::io_context io;
    Client client(io.get_executor(), make_ble_transport(io.get_executor(), by_address()),
                  BleClient::client_options());
    smp_it::expect_close_runs_dry_and_reconnects(io, client);
}

}  // namespace
