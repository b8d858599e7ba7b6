// SPDX-License-Identifier: Apache-2.0
// The fake BlueZ's GATT objects: the SMP service and characteristic, AcquireWrite and
// AcquireNotify on socket pairs, WriteValue and notifications.
#include "bluez_names.hpp"
#include "bluez_objects.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <iostream>

namespace fake_bluez {

namespace {

// One SOCK_SEQPACKET pair, as BlueZ's gatt-client hands out: {ours, the client's}.
std::pair<int, int> seqpacket_pair() {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) != 0)
        fail("Failed", "socketpair failed");
    return {fds[0], fds[1]};
}

}  // namespace

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
