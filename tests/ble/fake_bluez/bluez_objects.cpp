// SPDX-License-Identifier: Apache-2.0
#include "bluez_objects.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <iostream>

namespace fake_bluez {

namespace {

constexpr const char* adapter_interface = "org.bluez.Adapter1";
constexpr const char* device_interface = "org.bluez.Device1";
constexpr const char* service_interface = "org.bluez.GattService1";
constexpr const char* characteristic_interface = "org.bluez.GattCharacteristic1";
constexpr const char* adapter_path = "/org/bluez/hci0";

[[noreturn]] void fail(const std::string& name, const std::string& message) {
    throw sdbus::Error("org.bluez.Error." + name, message);
}

// One SOCK_SEQPACKET pair, as BlueZ's gatt-client hands out: {ours, the client's}.
std::pair<int, int> seqpacket_pair() {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) != 0)
        fail("Failed", "socketpair failed");
    return {fds[0], fds[1]};
}

}  // namespace

FakeBluez::FakeBluez(asio::io_context& io, sdbus::IConnection& bus, std::function<void()> kick,
                     SmpPeripheral& peripheral, BluezConfig config)
    : io_(io),
      bus_(bus),
      kick_(std::move(kick)),
      peripheral_(peripheral),
      config_(std::move(config)),
      write_socket_(io),
      notify_socket_(io),
      resolve_timer_(io),
      advertising_timer_(io) {
    root_ = sdbus::createObject(bus_, "/");
    root_->addObjectManager();
    register_adapter();
    if (config_.known)
        register_device();
}

FakeBluez::~FakeBluez() {
    characteristic_.reset();
    service_.reset();
}

std::string FakeBluez::device_path() const {
    std::string path = std::string(adapter_path) + "/dev_" + config_.address;
    std::replace(path.begin(), path.end(), ':', '_');
    return path;
}

void FakeBluez::register_adapter() {
    adapter_ = sdbus::createObject(bus_, adapter_path);
    auto& a = *adapter_;
    a.registerMethod("StartDiscovery").onInterface(adapter_interface).implementedAs([this] {
        start_discovery();
    });
    a.registerMethod("StopDiscovery").onInterface(adapter_interface).implementedAs([this] {
        stop_discovery();
    });
    // An empty filter removes it (BlueZ doc/org.bluez.Adapter.rst, SetDiscoveryFilter).
    a.registerMethod("SetDiscoveryFilter")
        .onInterface(adapter_interface)
        .implementedAs([this](const Options& filter) { discovery_filter_ = !filter.empty(); });
    a.registerProperty("Address").onInterface(adapter_interface).withGetter([] {
        return std::string("00:1A:7D:DA:71:13");
    });
    a.registerProperty("Name").onInterface(adapter_interface).withGetter([] {
        return std::string("fake-hci0");
    });
    a.registerProperty("Powered")
        .onInterface(adapter_interface)
        .withGetter([this] { return powered_; })
        .withSetter([this](const bool& on) { powered_ = on; });
    a.registerProperty("Discovering").onInterface(adapter_interface).withGetter([this] {
        return discovering_;
    });
    // BlueZ 5.66+; clients such as bleak pick the adapter with the "central" role by it.
    a.registerProperty("Roles").onInterface(adapter_interface).withGetter([] {
        return std::vector<std::string>{"central", "peripheral"};
    });
    a.finishRegistration();
}

void FakeBluez::start_discovery() {
    if (!powered_)
        fail("NotReady", "Resource Not Ready");
    if (discovering_)
        fail("InProgress", "Operation already in progress");
    discovering_ = true;
    adapter_->emitPropertiesChangedSignal(adapter_interface, {"Discovering"});
    if (!device_) {
        register_device();
        device_->emitInterfacesAddedSignal({device_interface});
    }
    await_advertisement();
}

void FakeBluez::stop_discovery() {
    if (!discovering_)
        fail("Failed", "No discovery started");
    discovering_ = false;
    advertising_timer_.cancel();
    adapter_->emitPropertiesChangedSignal(adapter_interface, {"Discovering"});
}

void FakeBluez::await_advertisement() {
    advertising_timer_.expires_after(config_.advertising_interval);
    advertising_timer_.async_wait([this](const asio::error_code& ec) {
        if (ec || !discovering_)
            return;
        receive_advertisement();
        await_advertisement();
    });
}

// BlueZ reports each advertisement of a known device as a change of its RSSI: always while a
// discovery filter is set, otherwise only changes beyond its RSSI delta-threshold, which a
// steady signal never crosses (doc/org.bluez.Adapter.rst; src/adapter.c,
// update_found_devices). Clients that scan (bleak's find_device_by_address) find the device by
// these, not only by its InterfacesAdded. A connected peripheral has stopped advertising.
void FakeBluez::receive_advertisement() {
    if (connected_ || !discovery_filter_)
        return;
    device_->emitPropertiesChangedSignal(device_interface, {"RSSI"});
    kick_();
}

void FakeBluez::register_device() {
    device_ = sdbus::createObject(bus_, device_path());
    auto& d = *device_;
    d.registerMethod("Connect").onInterface(device_interface).implementedAs([this] { connect(); });
    d.registerMethod("Disconnect").onInterface(device_interface).implementedAs([this] {
        disconnect();
    });
    d.registerProperty("Address").onInterface(device_interface).withGetter([this] {
        return config_.address;
    });
    d.registerProperty("AddressType").onInterface(device_interface).withGetter([] {
        return std::string("random");
    });
    d.registerProperty("Name").onInterface(device_interface).withGetter([this] {
        return config_.name;
    });
    d.registerProperty("Alias").onInterface(device_interface).withGetter([this] {
        return config_.name;
    });
    d.registerProperty("Adapter").onInterface(device_interface).withGetter([] {
        return sdbus::ObjectPath(adapter_path);
    });
    d.registerProperty("Paired").onInterface(device_interface).withGetter([] { return false; });
    d.registerProperty("RSSI").onInterface(device_interface).withGetter([] {
        return std::int16_t{-60};
    });
    d.registerProperty("Connected").onInterface(device_interface).withGetter([this] {
        return connected_;
    });
    d.registerProperty("ServicesResolved").onInterface(device_interface).withGetter([this] {
        return services_resolved_;
    });
    d.registerProperty("UUIDs").onInterface(device_interface).withGetter([] {
        return std::vector<std::string>{smp_service_uuid};
    });
    d.finishRegistration();
}

void FakeBluez::connect() {
    if (connected_)
        return;  // BlueZ answers success when already connected
    connected_ = true;
    ++link_;
    peripheral_.connect([this](smp::Bytes value) { notify(std::move(value)); },
                        [this](const char* why) { drop_link(why); });
    device_->emitPropertiesChangedSignal(device_interface, {"Connected"});
    // GATT discovery happens after the connection: ServicesResolved comes later.
    resolve_timer_.expires_after(config_.resolve_delay);
    resolve_timer_.async_wait([this, link = link_](const asio::error_code& ec) {
        if (!ec && link == link_ && connected_)
            resolve_services();
    });
}

void FakeBluez::resolve_services() {
    register_gatt();
    service_->emitInterfacesAddedSignal({service_interface});
    characteristic_->emitInterfacesAddedSignal({characteristic_interface});
    services_resolved_ = true;
    device_->emitPropertiesChangedSignal(device_interface, {"ServicesResolved"});
    kick_();
}

void FakeBluez::disconnect() {
    if (!connected_)
        fail("NotConnected", "Not Connected");
    drop_link("disconnected by the client");
}

void FakeBluez::drop_link(const char* why) {
    if (!connected_)
        return;
    std::cerr << "fake_bluez: link down: " << why << "\n";
    peripheral_.disconnect();
    release_write();
    release_notify();
    resolve_timer_.cancel();
    if (characteristic_) {
        characteristic_->emitInterfacesRemovedSignal({characteristic_interface});
        service_->emitInterfacesRemovedSignal({service_interface});
        unregister_gatt();
    }
    connected_ = false;
    services_resolved_ = false;
    device_->emitPropertiesChangedSignal(device_interface, {"ServicesResolved", "Connected"});
    kick_();
}

void FakeBluez::register_gatt() {
    service_ = sdbus::createObject(bus_, service_path());
    service_->registerProperty("UUID").onInterface(service_interface).withGetter([] {
        return std::string(smp_service_uuid);
    });
    service_->registerProperty("Primary").onInterface(service_interface).withGetter([] {
        return true;
    });
    service_->registerProperty("Device").onInterface(service_interface).withGetter([this] {
        return sdbus::ObjectPath(device_path());
    });
    service_->finishRegistration();

    characteristic_ = sdbus::createObject(bus_, characteristic_path());
    auto& c = *characteristic_;
    c.registerMethod("ReadValue")
        .onInterface(characteristic_interface)
        .implementedAs([](const Options&) -> std::vector<std::uint8_t> {
            fail("NotPermitted", "Read not permitted");
        });
    c.registerMethod("WriteValue")
        .onInterface(characteristic_interface)
        .implementedAs([this](const std::vector<std::uint8_t>& value, const Options& options) {
            write_value(value, options);
        });
    c.registerMethod("AcquireWrite")
        .onInterface(characteristic_interface)
        .implementedAs([this](const Options& options) { return acquire_write(options); });
    c.registerMethod("AcquireNotify")
        .onInterface(characteristic_interface)
        .implementedAs([this](const Options& options) { return acquire_notify(options); });
    c.registerMethod("StartNotify").onInterface(characteristic_interface).implementedAs([this] {
        start_notify();
    });
    c.registerMethod("StopNotify").onInterface(characteristic_interface).implementedAs([this] {
        stop_notify();
    });
    c.registerProperty("UUID").onInterface(characteristic_interface).withGetter([] {
        return std::string(smp_characteristic_uuid);
    });
    c.registerProperty("Service").onInterface(characteristic_interface).withGetter([this] {
        return sdbus::ObjectPath(service_path());
    });
    c.registerProperty("Value").onInterface(characteristic_interface).withGetter([this] {
        return value_;
    });
    c.registerProperty("Notifying").onInterface(characteristic_interface).withGetter([this] {
        return notifying_;
    });
    c.registerProperty("Flags").onInterface(characteristic_interface).withGetter([] {
        return std::vector<std::string>{"write-without-response", "notify"};
    });
    c.registerProperty("WriteAcquired").onInterface(characteristic_interface).withGetter([this] {
        return write_socket_.is_open();
    });
    c.registerProperty("NotifyAcquired").onInterface(characteristic_interface).withGetter([this] {
        return notify_socket_.is_open();
    });
    c.registerProperty("MTU").onInterface(characteristic_interface).withGetter([this] {
        return static_cast<std::uint16_t>(peripheral_.config().mtu);
    });
    c.finishRegistration();
}

// The objects go on the next turn of the loop: a link can drop inside one of their own
// method handlers (AcquireWrite, WriteValue), which must not destroy the object it runs on.
void FakeBluez::unregister_gatt() {
    std::shared_ptr<sdbus::IObject> characteristic = std::move(characteristic_);
    std::shared_ptr<sdbus::IObject> service = std::move(service_);
    asio::post(io_, [characteristic, service] {});
}

void FakeBluez::require_connected() const {
    if (!connected_ || !characteristic_)
        fail("NotConnected", "Not Connected");
}

std::tuple<sdbus::UnixFd, std::uint16_t> FakeBluez::acquire_write(const Options&) {
    require_connected();
    if (config_.drop_at_acquire) {
        // The link goes while the call is pending: the client sees the disconnection (and
        // the GATT objects removed) before the call's error.
        config_.drop_at_acquire = false;  // once: a reconnect works
        drop_link("dropped during AcquireWrite (--drop-at-acquire)");
        fail("NotConnected", "Not Connected");
    }
    if (!config_.acquire)
        fail("NotSupported", "Operation is not supported");
    if (write_socket_.is_open())
        fail("NotPermitted", "Write acquired");
    const auto [ours, theirs] = seqpacket_pair();
    write_socket_.assign(ours);
    read_writes();
    characteristic_->emitPropertiesChangedSignal(characteristic_interface, {"WriteAcquired"});
    return {sdbus::UnixFd(theirs, sdbus::adopt_fd),
            static_cast<std::uint16_t>(peripheral_.config().mtu)};
}

std::tuple<sdbus::UnixFd, std::uint16_t> FakeBluez::acquire_notify(const Options&) {
    require_connected();
    if (!config_.acquire)
        fail("NotSupported", "Operation is not supported");
    if (notify_socket_.is_open())
        fail("NotPermitted", "Notify acquired");
    if (notifying_)
        fail("InProgress", "Notify already started");
    const auto [ours, theirs] = seqpacket_pair();
    notify_socket_.assign(ours);
    notifying_ = true;
    watch_notify_socket();
    characteristic_->emitPropertiesChangedSignal(characteristic_interface,
                                                 {"NotifyAcquired", "Notifying"});
    return {sdbus::UnixFd(theirs, sdbus::adopt_fd),
            static_cast<std::uint16_t>(peripheral_.config().mtu)};
}

void FakeBluez::write_value(const std::vector<std::uint8_t>& value, const Options& options) {
    require_connected();
    const auto type = options.find("type");
    if (type != options.end() && type->second.get<std::string>() != "command")
        fail("NotPermitted",
             "Write not permitted");  // the SMP characteristic is write-without-response only
    if (value.size() > smp::ble::max_value_size(peripheral_.config().mtu))
        fail("InvalidValueLength", "Invalid Length");
    peripheral_.write(value);
}

void FakeBluez::start_notify() {
    require_connected();
    if (notify_socket_.is_open())
        fail("NotPermitted", "Notify acquired");
    if (notifying_)
        return;
    notifying_ = true;
    characteristic_->emitPropertiesChangedSignal(characteristic_interface, {"Notifying"});
}

void FakeBluez::stop_notify() {
    require_connected();
    if (!notifying_ || notify_socket_.is_open())
        fail("Failed", "No notify session started");
    notifying_ = false;
    characteristic_->emitPropertiesChangedSignal(characteristic_interface, {"Notifying"});
}

void FakeBluez::notify(smp::Bytes value) {
    if (!notifying_) {
        std::cerr << "fake_bluez: notification dropped: client has not enabled notifications\n";
        return;
    }
    if (notify_socket_.is_open()) {
        if (::send(notify_socket_.native_handle(), value.data(), value.size(), MSG_NOSIGNAL) < 0) {
            std::cerr << "fake_bluez: notify socket: errno " << errno << "\n";
            release_notify();
        }
        return;
    }
    // StartNotify: each notification is a PropertiesChanged of Value.
    value_ = std::move(value);
    characteristic_->emitPropertiesChangedSignal(characteristic_interface, {"Value"});
    kick_();
}

void FakeBluez::read_writes() {
    write_socket_.async_wait(
        asio::posix::stream_descriptor::wait_read,
        [this, link = link_](const asio::error_code& ec) {
            if (ec || link != link_ || !write_socket_.is_open())
                return;
            std::vector<std::uint8_t> packet(smp::ble::max_att_mtu);
            for (;;) {
                const auto n = ::recv(write_socket_.native_handle(), packet.data(), packet.size(),
                                      MSG_DONTWAIT);
                if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                    break;
                if (n <= 0) {  // the client closed its end: the write is released
                    release_write();
                    kick_();
                    return;
                }
                if (static_cast<std::size_t>(n) >
                    smp::ble::max_value_size(peripheral_.config().mtu)) {
                    std::cerr << "fake_bluez: " << n
                              << "-byte write exceeds ATT_MTU - 3, dropped\n";
                    continue;
                }
                peripheral_.write(smp::Bytes(packet.begin(), packet.begin() + n));
                if (!write_socket_.is_open())
                    return;  // the write dropped the link
            }
            read_writes();
        });
}

void FakeBluez::watch_notify_socket() {
    notify_socket_.async_wait(
        asio::posix::stream_descriptor::wait_read,
        [this, link = link_](const asio::error_code& ec) {
            if (ec || link != link_ || !notify_socket_.is_open())
                return;
            std::uint8_t byte = 0;
            const auto n = ::recv(notify_socket_.native_handle(), &byte, 1, MSG_DONTWAIT);
            if (n <= 0 && !(n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))) {
                release_notify();  // the client closed its end
                kick_();
                return;
            }
            watch_notify_socket();
        });
}

void FakeBluez::release_write() {
    if (!write_socket_.is_open())
        return;
    asio::error_code ignored;
    write_socket_.close(ignored);
    if (characteristic_)
        characteristic_->emitPropertiesChangedSignal(characteristic_interface, {"WriteAcquired"});
}

void FakeBluez::release_notify() {
    if (!notify_socket_.is_open())
        return;
    asio::error_code ignored;
    notify_socket_.close(ignored);
    notifying_ = false;
    if (characteristic_)
        characteristic_->emitPropertiesChangedSignal(characteristic_interface,
                                                     {"NotifyAcquired", "Notifying"});
}

}  // namespace fake_bluez
