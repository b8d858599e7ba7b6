// SPDX-License-Identifier: Apache-2.0
// The fake BlueZ's adapter and device objects, discovery, and the LE link; the GATT objects
// are in bluez_gatt.cpp.
#include "bluez_objects.hpp"
#include "bluez_names.hpp"

#include <algorithm>
#include <iostream>

namespace fake_bluez {

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

}  // namespace fake_bluez
