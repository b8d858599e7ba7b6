// SPDX-License-Identifier: Apache-2.0
// The BlueZ bus layer of the BLE transport (see ble_bluez.hpp).
#include "transport/ble_bluez.hpp"

#include <smp/detail/asio_compat.hpp>

#include <asio/post.hpp>

#include <algorithm>
#include <cctype>

namespace smp::transport::detail {
namespace {

using namespace std::chrono_literals;

constexpr const char* bluez = "org.bluez";
constexpr const char* object_manager_interface = "org.freedesktop.DBus.ObjectManager";
constexpr const char* adapter_interface = "org.bluez.Adapter1";
// Past a D-Bus call's own timeout, how long we wait for sd-bus to report it before we do.
constexpr std::chrono::milliseconds reply_grace{1000};

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

}  // namespace

std::optional<std::string> string_property(const DbusOptions& properties, const char* name) {
    const auto it = properties.find(name);
    if (it == properties.end() || !it->second.containsValueOfType<std::string>())
        return std::nullopt;
    return it->second.get<std::string>();
}

bool bool_property(const DbusOptions& properties, const char* name) {
    const auto it = properties.find(name);
    return it != properties.end() && it->second.containsValueOfType<bool>() &&
           it->second.get<bool>();
}

void ble_fail(Errc code, const std::string& what) {
    throw asio::system_error(make_error_code(code), what);
}

BluezBus::BluezBus(asio::any_io_executor executor, BleOptions options, LinkCheck check_link,
                   std::function<void(std::string)> on_bus_lost)
    : executor_(executor),
      options_(std::move(options)),
      check_link_(std::move(check_link)),
      on_bus_lost_(std::move(on_bus_lost)),
      event_(executor) {}

BluezBus::~BluezBus() = default;

void BluezBus::start() {
    try {
        bus_ = sdbus::createSystemBusConnection();
    } catch (const sdbus::Error& e) {
        ble_fail(Errc::not_connected, "cannot reach the system D-Bus for BLE: " + e.getMessage());
    }
    loop_ = std::make_unique<DbusAsioLoop>(
        executor_, *bus_, [this](std::exception_ptr) { on_bus_lost_("D-Bus connection failed"); });
    root_ = sdbus::createProxy(*bus_, bluez, "/");
    root_->uponSignal("InterfacesAdded")
        .onInterface(object_manager_interface)
        .call([this](const sdbus::ObjectPath& path, const DbusInterfaces& interfaces) {
            if (const auto it = interfaces.find(bluez_device_interface);
                it != interfaces.end() && matches(it->second))
                found_ = path;
            wake();
        });
    root_->finishRegistration();
}

// A closed transport keeps no D-Bus connection: nothing is left for the caller's io_context
// to wait on (its run() returns), and the next open() starts from a fresh connection with no
// stale signals of the old link. sd-bus has already written a call made just before (it
// writes at once when its queue is empty).
void BluezBus::retire(std::vector<std::unique_ptr<sdbus::IProxy>> proxies) {
    if (!bus_)
        return;
    struct Retired {
        std::unique_ptr<sdbus::IConnection> bus;
        std::unique_ptr<DbusAsioLoop> loop;
        std::unique_ptr<sdbus::IProxy> root, adapter;
        std::vector<std::unique_ptr<sdbus::IProxy>> proxies;
    };
    auto retired =
        std::make_shared<Retired>(Retired{std::move(bus_), std::move(loop_), std::move(root_),
                                          std::move(adapter_), std::move(proxies)});
    asio::post(executor_, [retired] {});
}

std::unique_ptr<sdbus::IProxy> BluezBus::proxy(const sdbus::ObjectPath& path) {
    return sdbus::createProxy(*bus_, bluez, path);
}

void BluezBus::kick() {
    if (loop_)
        loop_->kick();
}

// BlueZ's refusal becomes not_connected with its words. The wait ends, whatever happens to
// the reply: a link lost meanwhile may have destroyed the call's proxy, and sd-bus then drops
// the call without a reply; the deadline backs up sd-bus's own timeout.
asio::awaitable<sdbus::MethodReply> BluezBus::call(sdbus::IProxy& proxy, const char* interface,
                                                   const char* method, const Fill& fill,
                                                   std::chrono::microseconds timeout) {
    auto message = proxy.createMethodCall(interface, method);
    if (fill)
        fill(message);
    struct Pending {
        bool done = false;
        std::optional<sdbus::MethodReply> reply{};
        std::string error{};
    };
    auto pending = std::make_shared<Pending>();
    proxy.callMethod(
        message,
        [this, pending](sdbus::MethodReply& reply, const sdbus::Error* error) {
            if (error)
                pending->error = error->getName() + ": " + error->getMessage();
            else
                pending->reply = reply;
            pending->done = true;
            wake();
        },
        static_cast<std::uint64_t>(timeout.count()));
    kick();
    const auto deadline = std::chrono::steady_clock::now() + timeout + reply_grace;
    while (!pending->done) {
        check_link_(method);
        if (std::chrono::steady_clock::now() >= deadline)
            ble_fail(
                Errc::timeout,
                std::string(method) + " on " + address() + ": no reply from BlueZ within " +
                    std::to_string(
                        std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count()) +
                    " ms");
        co_await wait_event(deadline);
    }
    if (!pending->reply)
        ble_fail(Errc::not_connected,
                 std::string(method) + " on " + address() + " failed: " + pending->error);
    co_return std::move(*pending->reply);
}

asio::awaitable<DbusObjects> BluezBus::managed_objects() {
    auto reply = co_await call(*root_, object_manager_interface, "GetManagedObjects");
    DbusObjects objects;
    reply >> objects;
    co_return objects;
}

bool BluezBus::matches(const DbusOptions& device) const {
    if (!options_.address.empty())
        return lower(string_property(device, "Address").value_or("")) == lower(options_.address);
    return string_property(device, "Name") == options_.name ||
           string_property(device, "Alias") == options_.name;
}

std::string BluezBus::address() const {
    return "ble://" + (options_.address.empty() ? options_.name : options_.address);
}

asio::awaitable<sdbus::ObjectPath> BluezBus::find_device() {
    const std::string adapter_path = "/org/bluez/" + options_.adapter;
    for (const auto& [path, interfaces] : co_await managed_objects()) {
        const auto it = interfaces.find(bluez_device_interface);
        if (it != interfaces.end() && path.rfind(adapter_path + "/", 0) == 0 && matches(it->second))
            co_return path;
    }
    // Not known to BlueZ yet: scan for it.
    adapter_ = proxy(adapter_path);
    found_.reset();
    try {
        co_await call(*adapter_, adapter_interface, "SetDiscoveryFilter", [](sdbus::MethodCall& m) {
            m << DbusOptions{{"Transport", sdbus::Variant(std::string("le"))}};
        });
    } catch (const asio::system_error&) {
        // optional: scanning without the filter also finds LE devices
    }
    co_await call(*adapter_, adapter_interface, "StartDiscovery");
    const bool seen = co_await wait_for([&] { return found_.has_value(); }, options_.scan_timeout);
    try {
        co_await call(*adapter_, adapter_interface, "StopDiscovery");
    } catch (const asio::system_error&) {
    }
    if (!seen)
        ble_fail(Errc::not_connected, "BLE device " + address() + " not found within " +
                                          std::to_string(options_.scan_timeout.count()) +
                                          " ms of scanning on " + options_.adapter);
    co_return *found_;
}

asio::awaitable<std::optional<sdbus::ObjectPath>> BluezBus::find_characteristic(
    const sdbus::ObjectPath& device, std::string_view uuid) {
    for (const auto& [path, interfaces] : co_await managed_objects()) {
        const auto it = interfaces.find(bluez_characteristic_interface);
        if (it != interfaces.end() && path.rfind(device + "/", 0) == 0 &&
            lower(string_property(it->second, "UUID").value_or("")) == uuid)
            co_return path;
    }
    co_return std::nullopt;
}

asio::awaitable<void> BluezBus::wait_event(std::chrono::steady_clock::time_point deadline) {
    event_.expires_at(deadline);
    co_await event_.async_wait(smp::detail::use_nothrow_awaitable);
}

void BluezBus::wake() {
    event_.cancel();
}

asio::awaitable<bool> BluezBus::wait_for(const std::function<bool()>& ready,
                                         std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!ready()) {
        check_link_({});
        if (std::chrono::steady_clock::now() >= deadline)
            co_return false;
        co_await wait_event(deadline);
    }
    co_return true;
}

}  // namespace smp::transport::detail
