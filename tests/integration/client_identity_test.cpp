// SPDX-License-Identifier: Apache-2.0
// What the client learns about the device, and how often it asks: smp::identify reads each
// thing (image list, bootloader info and its mode, echo) at most once per connection, and
// decides application or MCUboot serial recovery from all the signs, so that a device
// without a factory image, listing an upload in slot 1 and no active slot, is still an
// application (issue 31). The upgrade path on every smpsim personality follows.
#include <smp/client/blocking_client.hpp>
#include <smp/client/device_info.hpp>
#include <smp/client/upgrade.hpp>
#include <smp/protocol/message.hpp>
#include <smp/protocol/messages/image.hpp>
#include <smp/protocol/messages/os.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "counting_relay.hpp"
#include "smpsim_udp.hpp"
#include "support/temp_dir.hpp"
#include "upgrade_support.hpp"

namespace {

using namespace smp;

constexpr auto os_group = static_cast<std::uint16_t>(Group::os);
constexpr auto image_group = static_cast<std::uint16_t>(Group::image);

// smpsim with `extra`, reached through a relay that counts the requests.
struct CountedDevice {
    explicit CountedDevice(std::vector<std::string> extra)
        : sim(arguments(std::move(extra)), 1),
          relay(smp_it::sim_udp_options(sim).port),
          client(UdpOptions{.host = "127.0.0.1", .port = relay.port()},
                 smp_it::ClientRunner::quiet()) {}

    static std::vector<std::string> arguments(std::vector<std::string> extra) {
        std::vector<std::string> args{"--udp", "127.0.0.1:0"};
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
    }

    unsigned lists() const { return relay.count(image_group, image::StateRead::command); }
    unsigned bootloader_names() const {
        return relay.count(os_group, os::BootloaderInfo::command, Op::read,
                           encode_payload(os::BootloaderInfo{}));
    }
    unsigned bootloader_modes() const {
        return relay.count(os_group, os::BootloaderInfo::command, Op::read,
                           encode_payload(os::BootloaderInfo{.query = "mode"}));
    }
    unsigned echoes() const { return relay.count(os_group, os::Echo::command); }

    smp_it::SmpsimProcess sim;
    smp_it::CountingRelay relay;
    BlockingClient client;
};

TEST(Identify, ReadsEachThingOncePerConnection) {
    CountedDevice device({});
    ASSERT_TRUE(device.client.connect());
    for (int call = 0; call < 3; ++call) {
        auto info = device.client.identify();
        ASSERT_TRUE(info) << info.error().message();
        EXPECT_EQ(info->kind, DeviceKind::application);
        EXPECT_EQ(info->mode(), os::McubootMode::swap_using_move);
        ASSERT_NE(info->running(), nullptr);
        EXPECT_EQ(info->running()->version, "1.0.0");
    }
    EXPECT_EQ(device.lists(), 1u);
    EXPECT_EQ(device.bootloader_names(), 1u);
    EXPECT_EQ(device.bootloader_modes(), 1u);
    EXPECT_EQ(device.echoes(), 0u) << "the stated buffers decide: no echo needed";
    EXPECT_EQ(device.relay.most_asked(), 1u);
}

TEST(Identify, AWriteMakesItReadTheListAgainAndOnlyThat) {
    CountedDevice device({"--no-factory-image"});
    ASSERT_TRUE(device.client.connect());
    ASSERT_TRUE(device.client.identify());
    const Bytes app = smp_it::versioned_image(2, 3000);
    ASSERT_TRUE(device.client.upload_image(app));
    const auto lists_after_upload = device.lists();  // the upload's own final check
    auto info = device.client.identify();
    ASSERT_TRUE(info) << info.error().message();
    EXPECT_EQ(device.lists(), lists_after_upload + 1);
    ASSERT_EQ(info->slots.size(), 1u) << "the fresh list shows the upload";
    EXPECT_EQ(info->slots[0].slot, 1u);
    EXPECT_EQ(info->kind, DeviceKind::application);
    EXPECT_EQ(device.bootloader_names(), 1u);
    EXPECT_EQ(device.bootloader_modes(), 1u);
}

TEST(Identify, ANewConnectionReadsAgain) {
    CountedDevice device({});
    // The asynchronous client: close() then connect() on the same client, one after the other.
    smp_it::ClientRunner runner([port = device.relay.port()](asio::any_io_executor ex) {
        return make_udp_transport(ex, UdpOptions{.host = "127.0.0.1", .port = port});
    });
    for (int connection = 1; connection <= 2; ++connection) {
        auto connected = runner.run(runner.client.connect());
        ASSERT_TRUE(connected) << connected.error().message();
        for (int call = 0; call < 2; ++call)
            ASSERT_TRUE(runner.run(identify(runner.client)));
        smp_it::close_and_drain(runner.io, runner.client);
        EXPECT_EQ(device.lists(), unsigned(connection)) << "connection " << connection;
        EXPECT_EQ(device.bootloader_names(), unsigned(connection));
    }
}

// The whole upgrade asks the list once before its upload, not once per step that wants it.
TEST(Identify, AnUpgradeIdentifiesOnceBeforeItsUpload) {
    CountedDevice device({});
    ASSERT_TRUE(device.client.connect());
    ASSERT_TRUE(device.client.identify());  // as smpctl upgrade does before the routine
    auto done = device.client.upgrade(smp_it::versioned_image(2, 3000), smp_it::fast_upgrade());
    ASSERT_TRUE(done) << done.error().message();
    // Before the reset: this identify, the upload's final check and the mark's state write;
    // after it, a new connection: its list (verify) and the confirm.
    EXPECT_EQ(device.bootloader_names(), 1u) << "the routine identified again";
    EXPECT_EQ(device.bootloader_modes(), 1u);
}

}  // namespace
