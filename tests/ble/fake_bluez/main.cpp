// SPDX-License-Identifier: Apache-2.0
// fake_bluez: a stand-in for BlueZ on a private D-Bus bus, for tests of the BLE transport.
// Owns org.bluez on the bus named by DBUS_SYSTEM_BUS_ADDRESS, exposes one adapter and one
// SMP peripheral backed by smp::server::Device, prints one JSON ready line on stdout, logs to
// stderr and exits on SIGINT/SIGTERM.
#include "bluez_objects.hpp"
#include "smp_peripheral.hpp"
#include "transport/ble_dbus_loop.hpp"

#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>

namespace {

void write_stats(const std::string& path, const fake_bluez::PacingStats& pacing) {
    std::ofstream out(path);
    out << R"({"events":)" << pacing.events << R"(,"max_writes_per_event":)"
        << pacing.max_writes_per_event << R"(,"max_notifications_per_event":)"
        << pacing.max_notifications_per_event << R"(,"max_write_backlog":)"
        << pacing.max_write_backlog << "}\n";
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"fake_bluez: a fake org.bluez service with one SMP peripheral (test rig)"};
    fake_bluez::PeripheralConfig peripheral;
    fake_bluez::BluezConfig bluez;
    double interval_ms = 0;
    std::uint32_t write_us_per_kb = 0;
    std::uint32_t erase_us_per_kb = 0;
    std::string state_dir;
    bool no_acquire = false;
    std::string stats_file;

    app.add_option("--mtu", peripheral.mtu, "ATT MTU of the link")->check(CLI::Range(23, 517));
    app.add_option(
        "--conn-interval-ms", interval_ms,
        "connection interval in ms, fractions too (7.5); packets move only at connection "
        "events (0 = unpaced)");
    app.add_option("--packets-per-interval", peripheral.packets_per_interval,
                   "packets per direction per connection event")
        ->check(CLI::Range(1, 64));
    app.add_option("--drop-after", peripheral.drop_after,
                   "drop the link (once) when request N+1 arrives");
    app.add_flag("--reassembly", peripheral.reassembly,
                 "join writes by the SMP header length (CONFIG_MCUMGR_TRANSPORT_BT_REASSEMBLY)");
    app.add_option("--name", bluez.name, "advertised name");
    app.add_option("--address", bluez.address, "device address XX:XX:XX:XX:XX:XX");
    app.add_flag("--known", bluez.known, "the device object exists before discovery");
    app.add_flag("--drop-at-acquire", bluez.drop_at_acquire,
                 "drop the link (once) while the client's AcquireWrite call is pending");
    app.add_flag("--no-acquire", no_acquire,
                 "AcquireWrite/AcquireNotify unsupported (WriteValue/StartNotify fallbacks)");
    app.add_option("--buf-size", peripheral.device.buf_size, "SMP buffer size");
    app.add_option("--buf-count", peripheral.device.buf_count, "SMP buffer count");
    app.add_option("--slot-size", peripheral.device.slot_size, "bytes per image slot");
    app.add_option("--images", peripheral.device.image_count, "number of updatable images")
        ->check(CLI::Range(1, 8));
    app.add_option("--state-dir", state_dir, "directory for slots, settings, boot state");
    app.add_option("--flash-write-us-per-kb", write_us_per_kb, "emulated flash write time");
    app.add_option("--flash-erase-us-per-kb", erase_us_per_kb, "emulated flash erase time");
    app.add_option("--reset-after", peripheral.device.reset_after_requests,
                   "reset after this many requests");
    // Faults, as smpsim's (tools/smpsim/main.cpp), on whole messages (message_faults.hpp).
    auto& link = peripheral.link;
    app.add_option("--loss", link.loss, "message loss probability")->check(CLI::Range(0.0, 1.0));
    app.add_option("--corrupt", link.corrupt, "message corruption probability")
        ->check(CLI::Range(0.0, 1.0));
    app.add_option("--dup", link.dup, "message duplication probability")
        ->check(CLI::Range(0.0, 1.0));
    app.add_option("--reorder", link.reorder, "message reordering probability")
        ->check(CLI::Range(0.0, 1.0));
    app.add_option("--seed", link.seed, "fault injection PRNG seed");
    app.add_option("--reset-at-offset", peripheral.device.reset_at_upload_offset,
                   "reset once (power loss) when an image upload first reaches this offset");
    app.add_option("--stats-file", stats_file,
                   "on exit, write the connection-interval pacing counters here (JSON)");
    CLI11_PARSE(app, argc, argv);
    peripheral.conn_interval =
        std::chrono::microseconds(static_cast<std::int64_t>(interval_ms * 1000.0));
    peripheral.device.state_dir = state_dir;
    peripheral.device.flash_write_per_kb = std::chrono::microseconds(write_us_per_kb);
    peripheral.device.flash_erase_per_kb = std::chrono::microseconds(erase_us_per_kb);
    bluez.acquire = !no_acquire;

    try {
        asio::io_context io;
        auto bus = sdbus::createSystemBusConnection();
        bus->requestName("org.bluez");
        smp::transport::detail::DbusAsioLoop loop(
            io.get_executor(), *bus, [&io](std::exception_ptr error) {
                try {
                    std::rethrow_exception(error);
                } catch (const std::exception& e) {
                    std::cerr << "fake_bluez: D-Bus: " << e.what() << "\n";
                }
                io.stop();
            });
        fake_bluez::SmpPeripheral device(io, peripheral);
        fake_bluez::FakeBluez bluez_objects(
            io, *bus, [&loop] { loop.kick(); }, device, bluez);
        asio::signal_set signals(io, SIGINT, SIGTERM);
        signals.async_wait([&](const asio::error_code&, int) { io.stop(); });
        std::cout << R"({"transport":"ble","service":"org.bluez","unique_name":")"
                  << bus->getUniqueName() << R"(","address":")" << bluez.address << R"(","name":")"
                  << bluez.name << "\"}" << std::endl;
        io.run();
        if (!stats_file.empty())
            write_stats(stats_file, device.pacing());
    } catch (const std::exception& e) {
        std::cerr << "fake_bluez: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
