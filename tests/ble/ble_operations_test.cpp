// SPDX-License-Identifier: Apache-2.0
// The "every operation" suite (tests/integration/operations_suite.hpp) over the BLE
// transport, against the fake BlueZ on a private bus.
#include "ble_rig.hpp"
#include "integration/operations_suite.hpp"

#include <smp/transport/ble.hpp>

namespace {

using namespace std::chrono_literals;
using smp_it::ClientOperations;
using smp_it::DeviceSetup;
using smp_it::Link;
using smp_it::LinkDevice;

Link ble_link(std::string name, std::size_t mtu) {
    smp::ClientOptions options = smp_it::ClientRunner::quiet();
    options.timeout = 2000ms;
    return Link{
        .name = std::move(name),
        .start =
            [mtu](const DeviceSetup& setup) {
                auto rig = std::make_shared<smp_ble_test::BleRig>(std::vector<std::string>{
                    "--mtu", std::to_string(mtu), "--buf-size", std::to_string(setup.buf_size),
                    "--buf-count", std::to_string(setup.buf_count), "--state-dir",
                    setup.state_dir.string()});
                const smp::BleOptions ble{.address = rig->bluez.ready["address"].get<std::string>(),
                                          .scan_timeout = 5s};
                return LinkDevice{.keepalive = rig, .factory = [ble](asio::any_io_executor ex) {
                                      return smp::make_ble_transport(ex, ble);
                                  }};
            },
        .options = options,
        // The D-Bus connection keeps the io_context busy after close(): bound the wind-down.
        .drain_limit = 1s,
    };
}

INSTANTIATE_TEST_SUITE_P(FakeBluez, ClientOperations, ::testing::Values(ble_link("Mtu247", 247)),
                         smp_it::link_name);

}  // namespace
