// SPDX-License-Identifier: Apache-2.0
// The fake BlueZ seen by a plain D-Bus client: the objects, signals and sockets the BLE
// transport relies on, checked without the transport.
#include "ble_rig.hpp"
#include "transport/ble_dbus_loop.hpp"

#include <smp/mcuboot/image_builder.hpp>
#include <smp/protocol/ble/reassembly.hpp>
#include <smp/protocol/messages/image.hpp>
#include <smp/protocol/messages/os.hpp>
#include <smp/protocol/messages/settings.hpp>

#include <sdbus-c++/sdbus-c++.h>

#include <gtest/gtest.h>

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>

namespace {

using namespace std::chrono_literals;
using Interfaces = std::map<std::string, std::map<std::string, sdbus::Variant>>;
using Objects = std::map<sdbus::ObjectPath, Interfaces>;
using Options = std::map<std::string, sdbus::Variant>;

constexpr const char* address = "C0:FF:EE:00:00:01";
constexpr const char* device_path = "/org/bluez/hci0/dev_C0_FF_EE_00_00_01";
constexpr const char* char_path = "/org/bluez/hci0/dev_C0_FF_EE_00_00_01/service0010/char0011";
constexpr const char* device_iface = "org.bluez.Device1";
constexpr const char* char_iface = "org.bluez.GattCharacteristic1";

// A bare D-Bus client of the fake, driven by the same Asio integration the transport uses.
class RawClient {
  public:
    RawClient()
        : bus_(sdbus::createSystemBusConnection()),
          loop_(io_.get_executor(), *bus_),
          root_(sdbus::createProxy(*bus_, "org.bluez", "/")),
          device_(sdbus::createProxy(*bus_, "org.bluez", device_path)) {
        root_->uponSignal("InterfacesAdded")
            .onInterface("org.freedesktop.DBus.ObjectManager")
            .call([this](const sdbus::ObjectPath& path, const Interfaces&) {
                added_.push_back(path);
            });
        root_->finishRegistration();
        device_->uponSignal("PropertiesChanged")
            .onInterface("org.freedesktop.DBus.Properties")
            .call([this](const std::string&, const Options& changed,
                         const std::vector<std::string>&) {
                if (auto it = changed.find("Connected"); it != changed.end())
                    connected_ = it->second.get<bool>();
                if (auto it = changed.find("ServicesResolved"); it != changed.end())
                    resolved_ = it->second.get<bool>();
            });
        device_->finishRegistration();
    }

    Objects objects() {
        Objects result;
        root_->callMethod("GetManagedObjects")
            .onInterface("org.freedesktop.DBus.ObjectManager")
            .storeResultsTo(result);
        return result;
    }

    /// Runs the loop until `done` (10 s guard against a hang, not a timing assertion).
    void run_until(const std::function<bool()>& done) {
        loop_.kick();
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (!done() && std::chrono::steady_clock::now() < deadline)
            io_.run_one_for(50ms);
        ASSERT_TRUE(done()) << "condition not reached";
    }

    void discover_and_connect() {
        auto adapter = sdbus::createProxy(*bus_, "org.bluez", "/org/bluez/hci0");
        adapter->callMethod("StartDiscovery").onInterface("org.bluez.Adapter1");
        run_until([&] { return !added_.empty(); });
        device_->callMethod("Connect").onInterface(device_iface);
        run_until([&] { return resolved_; });
    }

    sdbus::IConnection& bus() { return *bus_; }
    asio::io_context& io() { return io_; }
    void kick() { loop_.kick(); }
    std::vector<sdbus::ObjectPath> added_{};
    bool connected_ = false;
    bool resolved_ = false;

  private:
    asio::io_context io_;
    std::unique_ptr<sdbus::IConnection> bus_;
    smp::transport::detail::DbusAsioLoop loop_;
    std::unique_ptr<sdbus::IProxy> root_;
    std::unique_ptr<sdbus::IProxy> device_;
};

smp::Bytes echo_request(std::size_t text_size, std::uint8_t seq = 1) {
    return smp::encode_request(smp::os::Echo{.d = std::string(text_size, 'x')}, seq);
}

// Reads notification packets from an AcquireNotify socket until one message is complete.
smp::Bytes receive_message(int fd, std::size_t mtu, std::size_t* packets = nullptr) {
    smp::ble::Reassembler reassembler;
    std::vector<std::uint8_t> packet(smp::ble::max_att_mtu);
    while (!reassembler.has_message()) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 10000) != 1)
            throw std::runtime_error("no notification");
        const auto n = ::recv(fd, packet.data(), packet.size(), 0);
        if (n <= 0)
            throw std::runtime_error("notify socket closed");
        EXPECT_LE(static_cast<std::size_t>(n), mtu - 3);
        if (packets)
            ++*packets;
        reassembler.feed(smp::ByteView(packet.data(), static_cast<std::size_t>(n))).value();
    }
    return *reassembler.next();
}

std::string echoed(const smp::Bytes& message) {
    const auto decoded = smp::decode_message(message).value();
    return smp::decode_response<smp::os::EchoResponse>(decoded.payload).value().r;
}

TEST(FakeBluez, AdapterIsListedAndTheDeviceAppearsWhenDiscoveryStarts) {
    smp_ble_test::BleRig rig({"--name", "smp-dut"});
    RawClient client;
    auto objects = client.objects();
    ASSERT_TRUE(objects.count(sdbus::ObjectPath("/org/bluez/hci0")));
    EXPECT_TRUE(objects.at(sdbus::ObjectPath("/org/bluez/hci0")).count("org.bluez.Adapter1"));
    EXPECT_FALSE(objects.count(sdbus::ObjectPath(device_path)));

    auto adapter = sdbus::createProxy(client.bus(), "org.bluez", "/org/bluez/hci0");
    adapter->callMethod("StartDiscovery").onInterface("org.bluez.Adapter1");
    client.run_until([&] { return !client.added_.empty(); });
    EXPECT_EQ(client.added_.front(), device_path);
    const auto after = client.objects();
    const auto& device = after.at(sdbus::ObjectPath(device_path)).at(device_iface);
    EXPECT_EQ(device.at("Address").get<std::string>(), address);
    EXPECT_EQ(device.at("Name").get<std::string>(), "smp-dut");
    EXPECT_FALSE(device.at("Connected").get<bool>());
    EXPECT_TRUE(adapter->getProperty("Discovering").onInterface("org.bluez.Adapter1").get<bool>());
}

// What scanning clients such as bleak rely on: the adapter says it can be a central (Roles,
// BlueZ 5.66+), and a device BlueZ already knows is reported again for each advertisement while
// discovery runs (RSSI PropertiesChanged under a discovery filter), so a client that starts
// listening only after StartDiscovery still finds it.
TEST(FakeBluez, AdapterHasTheCentralRoleAndDiscoveryReannouncesAKnownDevice) {
    smp_ble_test::BleRig rig({"--known"});
    RawClient client;
    auto adapter = sdbus::createProxy(client.bus(), "org.bluez", "/org/bluez/hci0");
    const auto roles = adapter->getProperty("Roles")
                           .onInterface("org.bluez.Adapter1")
                           .get<std::vector<std::string>>();
    EXPECT_NE(std::find(roles.begin(), roles.end(), "central"), roles.end());

    adapter->callMethod("SetDiscoveryFilter")
        .onInterface("org.bluez.Adapter1")
        .withArguments(Options{{"Transport", sdbus::Variant(std::string("le"))}});
    adapter->callMethod("StartDiscovery").onInterface("org.bluez.Adapter1");
    int announcements = 0;
    auto late_listener = sdbus::createProxy(client.bus(), "org.bluez", device_path);
    late_listener->uponSignal("PropertiesChanged")
        .onInterface("org.freedesktop.DBus.Properties")
        .call([&](const std::string& interface, const Options& changed,
                  const std::vector<std::string>&) {
            if (interface == device_iface && changed.count("RSSI"))
                ++announcements;
        });
    late_listener->finishRegistration();
    client.run_until([&] { return announcements >= 2; });
    EXPECT_TRUE(client.added_.empty()) << "a known device is not added again";
    const auto objects = client.objects();
    ASSERT_TRUE(objects.count(sdbus::ObjectPath(device_path)));
    EXPECT_EQ(objects.at(sdbus::ObjectPath(device_path))
                  .at(device_iface)
                  .at("Address")
                  .get<std::string>(),
              address);
}

class FakeBluezMtu : public ::testing::TestWithParam<std::size_t> {};

TEST_P(FakeBluezMtu, EchoOverAcquiredSocketsWithOneWritePerRequest) {
    const std::size_t mtu = GetParam();
    smp_ble_test::BleRig rig({"--mtu", std::to_string(mtu), "--buf-size", "1024"});
    RawClient client;
    client.discover_and_connect();
    const auto chr = client.objects().at(sdbus::ObjectPath(char_path)).at(char_iface);
    EXPECT_EQ(chr.at("UUID").get<std::string>(), "da2e7828-fbce-4e01-ae9e-261174997c48");

    auto characteristic = sdbus::createProxy(client.bus(), "org.bluez", char_path);
    sdbus::UnixFd write_fd, notify_fd;
    std::uint16_t write_mtu = 0, notify_mtu = 0;
    characteristic->callMethod("AcquireWrite")
        .onInterface(char_iface)
        .withArguments(Options{})
        .storeResultsTo(write_fd, write_mtu);
    characteristic->callMethod("AcquireNotify")
        .onInterface(char_iface)
        .withArguments(Options{})
        .storeResultsTo(notify_fd, notify_mtu);
    EXPECT_EQ(write_mtu, mtu);
    EXPECT_EQ(notify_mtu, mtu);

    // The largest echo whose request fits one write (no reassembly on the device).
    const std::size_t limit = mtu - 3;
    std::size_t text = mtu;
    while (echo_request(text).size() > limit)
        --text;
    const auto request = echo_request(text);
    ASSERT_EQ(::send(write_fd.get(), request.data(), request.size(), 0),
              static_cast<ssize_t>(request.size()));
    EXPECT_EQ(echoed(receive_message(notify_fd.get(), mtu)), std::string(text, 'x'));
}

TEST_P(FakeBluezMtu, WithReassemblyALongRequestSpansWritesAndTheResponseSpansNotifications) {
    const std::size_t mtu = GetParam();
    smp_ble_test::BleRig rig({"--mtu", std::to_string(mtu), "--reassembly", "--buf-size", "2048"});
    RawClient client;
    client.discover_and_connect();
    auto characteristic = sdbus::createProxy(client.bus(), "org.bluez", char_path);
    sdbus::UnixFd write_fd, notify_fd;
    std::uint16_t m = 0;
    characteristic->callMethod("AcquireWrite")
        .onInterface(char_iface)
        .withArguments(Options{})
        .storeResultsTo(write_fd, m);
    characteristic->callMethod("AcquireNotify")
        .onInterface(char_iface)
        .withArguments(Options{})
        .storeResultsTo(notify_fd, m);
    const auto request = echo_request(1500);
    const auto pieces = smp::ble::fragment(request, mtu).value();
    for (const auto& piece : pieces)
        ASSERT_EQ(::send(write_fd.get(), piece.data(), piece.size(), 0),
                  static_cast<ssize_t>(piece.size()));
    std::size_t packets = 0;
    EXPECT_EQ(echoed(receive_message(notify_fd.get(), mtu, &packets)), std::string(1500, 'x'));
    EXPECT_EQ(packets, (request.size() + mtu - 4) / (mtu - 3));
}

INSTANTIATE_TEST_SUITE_P(Mtus, FakeBluezMtu, ::testing::Values(23, 185, 247, 498));

TEST(FakeBluez, WithoutAcquireWriteValueAndValueNotificationsCarryTheMessages) {
    smp_ble_test::BleRig rig({"--mtu", "23", "--no-acquire", "--reassembly"});
    RawClient client;
    client.discover_and_connect();
    auto characteristic = sdbus::createProxy(client.bus(), "org.bluez", char_path);
    smp::ble::Reassembler reassembler;
    characteristic->uponSignal("PropertiesChanged")
        .onInterface("org.freedesktop.DBus.Properties")
        .call([&](const std::string&, const Options& changed, const std::vector<std::string>&) {
            if (auto it = changed.find("Value"); it != changed.end())
                reassembler.feed(it->second.get<std::vector<std::uint8_t>>()).value();
        });
    characteristic->finishRegistration();
    try {
        sdbus::UnixFd fd;
        std::uint16_t mtu = 0;
        characteristic->callMethod("AcquireWrite")
            .onInterface(char_iface)
            .withArguments(Options{})
            .storeResultsTo(fd, mtu);
        FAIL() << "AcquireWrite should be unsupported";
    } catch (const sdbus::Error& e) {
        EXPECT_EQ(e.getName(), "org.bluez.Error.NotSupported");
    }
    characteristic->callMethod("StartNotify").onInterface(char_iface);
    const auto request = echo_request(100);
    const auto pieces = smp::ble::fragment(request, 23).value();
    for (const auto& piece : pieces)
        characteristic->callMethod("WriteValue")
            .onInterface(char_iface)
            .withArguments(piece, Options{{"type", sdbus::Variant(std::string("command"))}});
    client.run_until([&] { return reassembler.has_message(); });
    EXPECT_EQ(echoed(*reassembler.next()), std::string(100, 'x'));
}

TEST(FakeBluez, DropAfterClosesTheSocketsAndReportsTheDisconnect) {
    smp_ble_test::BleRig rig({"--drop-after", "1"});
    RawClient client;
    client.discover_and_connect();
    auto characteristic = sdbus::createProxy(client.bus(), "org.bluez", char_path);
    sdbus::UnixFd write_fd, notify_fd;
    std::uint16_t mtu = 0;
    characteristic->callMethod("AcquireWrite")
        .onInterface(char_iface)
        .withArguments(Options{})
        .storeResultsTo(write_fd, mtu);
    characteristic->callMethod("AcquireNotify")
        .onInterface(char_iface)
        .withArguments(Options{})
        .storeResultsTo(notify_fd, mtu);
    client.connected_ = true;
    auto send = [&](std::uint8_t seq) {
        const auto request = echo_request(10, seq);
        ASSERT_EQ(::send(write_fd.get(), request.data(), request.size(), 0),
                  static_cast<ssize_t>(request.size()));
    };
    send(1);
    EXPECT_EQ(echoed(receive_message(notify_fd.get(), mtu)), std::string(10, 'x'));
    send(2);
    EXPECT_THROW(receive_message(notify_fd.get(), mtu), std::runtime_error);  // EOF
    client.run_until([&] { return !client.connected_; });
    EXPECT_FALSE(client.objects().count(sdbus::ObjectPath(char_path)));
}

// Zephyr discards the queued requests of a connection that went away (smp_bt.c): a request
// still waiting behind a slow one when the link drops must never run.
TEST(FakeBluez, QueuedRequestsOfADroppedLinkAreDiscarded) {
    // The first upload chunk erases 256 KB at 10 ms/KB: the device is busy for ~2.5 s while
    // the settings write waits in its queue and the link goes down.
    smp_ble_test::BleRig rig({"--flash-erase-us-per-kb", "10000", "--slot-size", "262144"});
    RawClient client;
    client.discover_and_connect();
    auto acquire = [&] {
        auto characteristic = sdbus::createProxy(client.bus(), "org.bluez", char_path);
        sdbus::UnixFd write_fd, notify_fd;
        std::uint16_t mtu = 0;
        characteristic->callMethod("AcquireWrite")
            .onInterface(char_iface)
            .withArguments(Options{})
            .storeResultsTo(write_fd, mtu);
        characteristic->callMethod("AcquireNotify")
            .onInterface(char_iface)
            .withArguments(Options{})
            .storeResultsTo(notify_fd, mtu);
        return std::pair{std::move(write_fd), std::move(notify_fd)};
    };
    auto send = [](const sdbus::UnixFd& fd, const smp::Bytes& request) {
        ASSERT_EQ(::send(fd.get(), request.data(), request.size(), 0),
                  static_cast<ssize_t>(request.size()));
    };
    auto [write_fd, notify_fd] = acquire();
    // A first chunk needs the MCUboot header magic to be accepted (and to start the erase).
    const auto image = smp::mcuboot::build_mcuboot_image(smp::Bytes(1000, 0x5a)).value();
    const smp::Bytes first(image.begin(), image.begin() + 64);
    send(write_fd,
         smp::encode_request(smp::image::Upload{.len = 200000, .off = 0, .data = first}, 1));
    send(write_fd,
         smp::encode_request(smp::settings::Write{.name = "ble/queued", .val = {1, 2, 3}}, 2));
    auto device = sdbus::createProxy(client.bus(), "org.bluez", device_path);
    device->callMethod("Disconnect").onInterface(device_iface);
    client.run_until([&] { return !client.resolved_; });

    device->callMethod("Connect").onInterface(device_iface);
    client.run_until([&] { return client.resolved_; });
    auto [write_again, notify_again] = acquire();
    // Processed after the erase, in order: it sees the write only if that was not discarded.
    send(write_again, smp::encode_request(smp::settings::Read{.name = "ble/queued"}, 3));
    const auto answer = smp::decode_message(receive_message(notify_again.get(), 247)).value();
    EXPECT_EQ(answer.header.sequence, 3);
    const auto read = smp::decode_response<smp::settings::ReadResponse>(answer.payload);
    ASSERT_FALSE(read) << "the queued write ran after the link dropped";
    EXPECT_TRUE(read.error().device.has_value()) << read.error().message();
}

// The smpsim fault options act on whole messages: a duplicated response arrives twice, each
// copy complete across its notifications.
TEST(FakeBluez, DuplicationFaultRepeatsWholeResponses) {
    smp_ble_test::BleRig rig({"--mtu", "23", "--reassembly", "--dup", "1", "--seed", "3"});
    RawClient client;
    client.discover_and_connect();
    auto characteristic = sdbus::createProxy(client.bus(), "org.bluez", char_path);
    sdbus::UnixFd write_fd, notify_fd;
    std::uint16_t mtu = 0;
    characteristic->callMethod("AcquireWrite")
        .onInterface(char_iface)
        .withArguments(Options{})
        .storeResultsTo(write_fd, mtu);
    characteristic->callMethod("AcquireNotify")
        .onInterface(char_iface)
        .withArguments(Options{})
        .storeResultsTo(notify_fd, mtu);
    // One request, itself duplicated on the way in: four answers, all complete echoes.
    const auto request = echo_request(60, 9);
    const auto pieces = smp::ble::fragment(request, 23).value();
    for (const auto& piece : pieces)
        ASSERT_EQ(::send(write_fd.get(), piece.data(), piece.size(), 0),
                  static_cast<ssize_t>(piece.size()));
    for (int i = 0; i < 4; ++i) {
        const auto message = receive_message(notify_fd.get(), 23);
        EXPECT_EQ(smp::decode_message(message).value().header.sequence, 9);
        EXPECT_EQ(echoed(message), std::string(60, 'x'));
    }
}

}  // namespace
