// SPDX-License-Identifier: Apache-2.0
// SMP over BLE through BlueZ (see smp/transport/ble.hpp).
#include <smp/transport/ble.hpp>

#include <smp/detail/asio_compat.hpp>
#include <smp/protocol/ble/reassembly.hpp>
#include <smp/protocol/error.hpp>

#include "transport/ble_dbus_loop.hpp"

#include <sdbus-c++/sdbus-c++.h>
#include <asio/posix/stream_descriptor.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>

#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>

namespace smp {
namespace {

using namespace std::chrono_literals;
using Options = std::map<std::string, sdbus::Variant>;
using Interfaces = std::map<std::string, Options>;
using Objects = std::map<sdbus::ObjectPath, Interfaces>;

constexpr const char* bluez = "org.bluez";
constexpr const char* device_interface = "org.bluez.Device1";
constexpr const char* characteristic_interface = "org.bluez.GattCharacteristic1";
constexpr const char* properties_interface = "org.freedesktop.DBus.Properties";
constexpr const char* object_manager_interface = "org.freedesktop.DBus.ObjectManager";
// Zephyr smp_bt.c (shared/protocol.md §5.3).
constexpr const char* smp_characteristic_uuid = "da2e7828-fbce-4e01-ae9e-261174997c48";
// Past a D-Bus call's own timeout, how long we wait for sd-bus to report it before we do.
constexpr std::chrono::milliseconds reply_grace{1000};

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::optional<std::string> string_property(const Options& properties, const char* name) {
    const auto it = properties.find(name);
    if (it == properties.end() || !it->second.containsValueOfType<std::string>())
        return std::nullopt;
    return it->second.get<std::string>();
}

bool bool_property(const Options& properties, const char* name) {
    const auto it = properties.find(name);
    return it != properties.end() && it->second.containsValueOfType<bool>() &&
           it->second.get<bool>();
}

[[noreturn]] void fail(Errc code, const std::string& what) {
    throw asio::system_error(make_error_code(code), what);
}

class BleTransport final : public Transport {
  public:
    BleTransport(asio::any_io_executor executor, BleOptions options)
        : executor_(executor),
          options_(std::move(options)),
          event_(executor),
          send_turn_(executor),
          write_socket_(executor),
          notify_socket_(executor) {
        send_turn_.expires_at(asio::steady_timer::time_point::max());
    }

    ~BleTransport() override { close(); }

    asio::awaitable<void> open() override {
        release_link();
        closed_ = false;
        lost_.reset();
        // A fresh link: what we knew of the last one (e.g. before the device rebooted) is stale.
        connected_ = false;
        resolved_ = false;
        if (!bus_)
            start_bus();
        device_path_ = co_await find_device();
        watch_device();
        co_await connect();
        characteristic_path_ = co_await find_characteristic();
        co_await acquire();
    }

    asio::awaitable<void> send(ByteView message) override {
        check_link();
        if (message.size() > max_message_size())
            fail(Errc::message_too_large,
                 std::to_string(message.size()) + "-byte SMP message exceeds the " +
                     std::to_string(max_message_size()) + "-byte limit of " + address());
        auto pieces = ble::fragment(message, mtu_).value();
        const std::uint64_t generation = co_await wait_for_turn();
        try {
            for (const auto& piece : pieces)
                co_await write_piece(piece);
        } catch (...) {
            // Not RAII: a frame destroyed unresumed (its io_context gone) must not touch us.
            end_turn(generation);
            throw;
        }
        end_turn(generation);
    }

    asio::awaitable<Bytes> receive() override {
        for (;;) {
            if (auto message = reassembler_.next())
                co_return std::move(*message);
            check_link();
            if (notify_socket_.is_open()) {
                auto [ec] = co_await notify_socket_.async_wait(
                    asio::posix::stream_descriptor::wait_read, detail::use_nothrow_awaitable);
                if (ec)
                    continue;  // closed: check_link() says why
                read_notifications();
            } else {
                co_await wait_event();
            }
        }
    }

    std::size_t max_message_size() const override {
        const std::size_t one_write = ble::max_value_size(mtu_);
        if (options_.reassembly)
            return device_buf_size_.value_or(one_write);
        return device_buf_size_ ? std::min(one_write, *device_buf_size_) : one_write;
    }
    void set_device_buffer_size(std::size_t buf_size) override { device_buf_size_ = buf_size; }

    void close() override {
        closed_ = true;
        const bool was_connected = connected_ && device_;
        release_link();
        if (was_connected) {
            // Next open() starts from a fresh connection (e.g. after the device rebooted).
            try {
                device_->callMethod(device_->createMethodCall(device_interface, "Disconnect"),
                                    [](sdbus::MethodReply&, const sdbus::Error*) {});
            } catch (const sdbus::Error&) {
            }
        }
        retire_bus();
        wake();
    }

    std::string address() const override {
        return "ble://" + (options_.address.empty() ? options_.name : options_.address);
    }
    asio::any_io_executor get_executor() override { return executor_; }

  private:
    void start_bus() {
        try {
            bus_ = sdbus::createSystemBusConnection();
        } catch (const sdbus::Error& e) {
            fail(Errc::not_connected, "cannot reach the system D-Bus for BLE: " + e.getMessage());
        }
        loop_ = std::make_unique<transport::detail::DbusAsioLoop>(
            executor_, *bus_, [this](std::exception_ptr) { lose("D-Bus connection failed"); });
        root_ = sdbus::createProxy(*bus_, bluez, "/");
        root_->uponSignal("InterfacesAdded")
            .onInterface(object_manager_interface)
            .call([this](const sdbus::ObjectPath& path, const Interfaces& interfaces) {
                if (const auto it = interfaces.find(device_interface);
                    it != interfaces.end() && matches(it->second))
                    found_ = path;
                wake();
            });
        root_->finishRegistration();
    }

    // An async D-Bus call on the Asio loop; BlueZ's refusal becomes not_connected with its words.
    // The wait ends, whatever happens to the reply: a link lost meanwhile may have destroyed
    // the call's proxy, and sd-bus then drops the call without a reply; the deadline backs up
    // sd-bus's own timeout.
    template <class Fill>
    asio::awaitable<sdbus::MethodReply> call(sdbus::IProxy& proxy, const char* interface,
                                             const char* method, Fill fill,
                                             std::chrono::microseconds timeout = 25s) {
        auto message = proxy.createMethodCall(interface, method);
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
        loop_->kick();
        const auto deadline = std::chrono::steady_clock::now() + timeout + reply_grace;
        while (!pending->done) {
            if (closed_)
                fail(Errc::not_connected, std::string(method) + " cancelled: transport closed");
            check_link();
            if (std::chrono::steady_clock::now() >= deadline)
                fail(Errc::timeout,
                     std::string(method) + " on " + address() + ": no reply from BlueZ within " +
                         std::to_string(
                             std::chrono::duration_cast<std::chrono::milliseconds>(timeout)
                                 .count()) +
                         " ms");
            co_await wait_event(deadline);
        }
        if (!pending->reply)
            fail(Errc::not_connected,
                 std::string(method) + " on " + address() + " failed: " + pending->error);
        co_return std::move(*pending->reply);
    }

    asio::awaitable<sdbus::MethodReply> call(sdbus::IProxy& proxy, const char* interface,
                                             const char* method) {
        return call(proxy, interface, method, [](sdbus::MethodCall&) {});
    }

    asio::awaitable<Objects> managed_objects() {
        auto reply = co_await call(*root_, object_manager_interface, "GetManagedObjects");
        Objects objects;
        reply >> objects;
        co_return objects;
    }

    bool matches(const Options& device) const {
        if (!options_.address.empty())
            return lower(string_property(device, "Address").value_or("")) ==
                   lower(options_.address);
        return string_property(device, "Name") == options_.name ||
               string_property(device, "Alias") == options_.name;
    }

    asio::awaitable<sdbus::ObjectPath> find_device() {
        const std::string adapter_path = "/org/bluez/" + options_.adapter;
        for (const auto& [path, interfaces] : co_await managed_objects()) {
            const auto it = interfaces.find(device_interface);
            if (it != interfaces.end() && path.rfind(adapter_path + "/", 0) == 0 &&
                matches(it->second))
                co_return path;
        }
        // Not known to BlueZ yet: scan for it.
        adapter_ = sdbus::createProxy(*bus_, bluez, adapter_path);
        found_.reset();
        try {
            co_await call(*adapter_, "org.bluez.Adapter1", "SetDiscoveryFilter",
                          [](sdbus::MethodCall& m) {
                              m << Options{{"Transport", sdbus::Variant(std::string("le"))}};
                          });
        } catch (const asio::system_error&) {
            // optional: scanning without the filter also finds LE devices
        }
        co_await call(*adapter_, "org.bluez.Adapter1", "StartDiscovery");
        const bool seen =
            co_await wait_for([&] { return found_.has_value(); }, options_.scan_timeout);
        try {
            co_await call(*adapter_, "org.bluez.Adapter1", "StopDiscovery");
        } catch (const asio::system_error&) {
        }
        if (!seen)
            fail(Errc::not_connected, "BLE device " + address() + " not found within " +
                                          std::to_string(options_.scan_timeout.count()) +
                                          " ms of scanning on " + options_.adapter);
        co_return *found_;
    }

    void watch_device() {
        device_ = sdbus::createProxy(*bus_, bluez, device_path_);
        device_->uponSignal("PropertiesChanged")
            .onInterface(properties_interface)
            .call([this](const std::string& interface, const Options& changed,
                         const std::vector<std::string>&) {
                if (interface != device_interface)
                    return;
                if (changed.count("Connected"))
                    connected_ = bool_property(changed, "Connected");
                if (changed.count("ServicesResolved"))
                    resolved_ = bool_property(changed, "ServicesResolved");
                if (changed.count("Connected") && !connected_ && characteristic_)
                    lose("the device disconnected");
                wake();
            });
        device_->finishRegistration();
    }

    asio::awaitable<void> connect() {
        co_await call(
            *device_, device_interface, "Connect", [](sdbus::MethodCall&) {},
            options_.connect_timeout);
        // The state after Connect: signals may have come before we subscribed.
        for (const auto& [path, interfaces] : co_await managed_objects()) {
            if (path != device_path_)
                continue;
            const auto& device = interfaces.at(device_interface);
            connected_ = bool_property(device, "Connected");
            resolved_ = resolved_ || bool_property(device, "ServicesResolved");
        }
        if (!co_await wait_for([&] { return resolved_; }, options_.connect_timeout))
            fail(Errc::not_connected,
                 "BLE device " + address() + " connected but its GATT services were not resolved");
    }

    asio::awaitable<sdbus::ObjectPath> find_characteristic() {
        for (const auto& [path, interfaces] : co_await managed_objects()) {
            const auto it = interfaces.find(characteristic_interface);
            if (it != interfaces.end() && path.rfind(device_path_ + "/", 0) == 0 &&
                lower(string_property(it->second, "UUID").value_or("")) == smp_characteristic_uuid)
                co_return path;
        }
        fail(Errc::not_connected,
             "BLE device " + address() + " has no SMP characteristic " + smp_characteristic_uuid);
    }

    asio::awaitable<void> acquire() {
        characteristic_ = sdbus::createProxy(*bus_, bluez, characteristic_path_);
        characteristic_->uponSignal("PropertiesChanged")
            .onInterface(properties_interface)
            .call([this](const std::string& interface, const Options& changed,
                         const std::vector<std::string>&) {
                if (interface != characteristic_interface)
                    return;
                if (const auto it = changed.find("Value"); it != changed.end()) {
                    feed(it->second.get<std::vector<std::uint8_t>>());
                    wake();
                }
            });
        characteristic_->finishRegistration();
        reassembler_.reset();
        mtu_ = ble::min_att_mtu;
        bool acquired_write = true;
        bool acquired_notify = true;
        try {
            auto reply = co_await call(characteristic(), characteristic_interface, "AcquireWrite",
                                       [](sdbus::MethodCall& m) { m << Options{}; });
            sdbus::UnixFd fd;
            std::uint16_t mtu = 0;
            reply >> fd >> mtu;
            write_socket_.assign(fd.release());
            mtu_ = mtu;
        } catch (const asio::system_error&) {
            check_link();            // a lost link is not a refusal to fall back from
            acquired_write = false;  // fall back to WriteValue(type "command")
        }
        if (!acquired_write)
            mtu_ = co_await mtu_property();
        try {
            auto reply = co_await call(characteristic(), characteristic_interface, "AcquireNotify",
                                       [](sdbus::MethodCall& m) { m << Options{}; });
            sdbus::UnixFd fd;
            std::uint16_t mtu = 0;
            reply >> fd >> mtu;
            notify_socket_.assign(fd.release());
        } catch (const asio::system_error&) {
            check_link();
            acquired_notify = false;  // fall back to StartNotify + PropertiesChanged(Value)
        }
        if (!acquired_notify)
            co_await call(characteristic(), characteristic_interface, "StartNotify");
    }

    // The SMP characteristic's proxy; a lost link has released it.
    sdbus::IProxy& characteristic() {
        check_link();
        if (!characteristic_)
            fail(Errc::not_connected, "BLE link to " + address() + " is not set up");
        return *characteristic_;
    }

    // BlueZ 5.62+ exposes the MTU as a property; older ones leave us at the LE minimum.
    asio::awaitable<std::size_t> mtu_property() {
        try {
            auto reply = co_await call(
                characteristic(), properties_interface, "Get", [](sdbus::MethodCall& m) {
                    m << std::string(characteristic_interface) << std::string("MTU");
                });
            sdbus::Variant value;
            reply >> value;
            co_return std::max<std::size_t>(value.get<std::uint16_t>(), ble::min_att_mtu);
        } catch (const std::exception&) {
            check_link();
            co_return ble::min_att_mtu;
        }
    }

    asio::awaitable<void> write_packet(const Bytes& piece) {
        for (;;) {
            const auto n = ::send(write_socket_.native_handle(), piece.data(), piece.size(),
                                  MSG_DONTWAIT | MSG_NOSIGNAL);
            if (n == static_cast<ssize_t>(piece.size()))
                co_return;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                // Errors (closed socket) surface through check_link().
                (void)co_await write_socket_.async_wait(asio::posix::stream_descriptor::wait_write,
                                                        detail::use_nothrow_awaitable);
                check_link();
                continue;
            }
            lose("the BLE write socket failed (" + std::string(std::strerror(errno)) + ")");
            check_link();
        }
    }

    void read_notifications() {
        std::vector<std::uint8_t> packet(ble::max_att_mtu);
        for (;;) {
            const auto n =
                ::recv(notify_socket_.native_handle(), packet.data(), packet.size(), MSG_DONTWAIT);
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                return;
            if (n <= 0) {
                lose("BlueZ closed the notification socket (link lost)");
                return;
            }
            feed(ByteView(packet.data(), static_cast<std::size_t>(n)));
        }
    }

    void feed(ByteView notification) {
        // A bad or oversize response is dropped; the request's timeout reports it.
        (void)reassembler_.feed(notification);
    }

    asio::awaitable<bool> wait_for(const std::function<bool()>& ready,
                                   std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!ready()) {
            check_link();
            if (std::chrono::steady_clock::now() >= deadline)
                co_return false;
            co_await wait_event(deadline);
        }
        co_return true;
    }

    // The event timer doubles as a condition variable: wake() cancels every wait on it.
    asio::awaitable<void> wait_event(std::chrono::steady_clock::time_point deadline =
                                         std::chrono::steady_clock::time_point::max()) {
        event_.expires_at(deadline);
        co_await event_.async_wait(detail::use_nothrow_awaitable);
    }
    void wake() { event_.cancel(); }

    void lose(std::string why) {
        if (!lost_)
            lost_ = std::move(why);
        release_link();
        wake();
    }

    void check_link() const {
        if (closed_)
            throw asio::system_error(asio::error::operation_aborted, "BLE transport closed");
        if (lost_)
            fail(Errc::not_connected, "BLE link to " + address() + " lost: " + *lost_);
    }

    // The client sends pipelined requests from several coroutines. A message of several
    // writes (reassembly, or any WriteValue call that suspends) must not interleave with
    // another's: the device joins writes by the SMP header length, so a foreign piece
    // corrupts both. Messages are written whole, in the order send() was called: each send
    // takes a ticket and writes when it is served. send_turn_ is a condition variable
    // (cancel() wakes every waiter); release_link() voids the tickets of the old link.
    asio::awaitable<std::uint64_t> wait_for_turn() {
        const std::uint64_t generation = send_generation_;
        const std::uint64_t ticket = send_next_ticket_++;
        while (ticket != send_serving_ || generation != send_generation_) {
            if (generation != send_generation_) {
                check_link();
                throw asio::system_error(asio::error::operation_aborted, "BLE link reopened");
            }
            co_await send_turn_.async_wait(detail::use_nothrow_awaitable);
        }
        co_return generation;
    }
    void end_turn(std::uint64_t generation) {
        if (generation == send_generation_)
            ++send_serving_;
        send_turn_.cancel();
    }
    asio::awaitable<void> write_piece(const Bytes& piece) {
        if (write_socket_.is_open()) {
            co_await write_packet(piece);
            co_return;
        }
        co_await call(characteristic(), characteristic_interface, "WriteValue",
                      [&](sdbus::MethodCall& m) {
                          m << piece << Options{{"type", sdbus::Variant(std::string("command"))}};
                      });
    }

    // A closed transport keeps no D-Bus connection: nothing is left for the caller's
    // io_context to wait on (its run() returns), and the next open() starts from a fresh
    // connection with no stale signals of the old link. The objects go on a later turn of
    // the loop, as close() may run inside one of this connection's callbacks; sd-bus has
    // already written the Disconnect call (it writes at once when its queue is empty).
    void retire_bus() {
        if (!bus_)
            return;
        struct Retired {
            std::unique_ptr<sdbus::IConnection> bus;
            std::unique_ptr<transport::detail::DbusAsioLoop> loop;
            std::unique_ptr<sdbus::IProxy> root, adapter, device, characteristic;
        };
        auto retired = std::make_shared<Retired>(
            Retired{std::move(bus_), std::move(loop_), std::move(root_), std::move(adapter_),
                    std::move(device_), std::move(characteristic_)});
        asio::post(executor_, [retired] {});
    }

    void release_link() {
        ++send_generation_;
        send_serving_ = send_next_ticket_;
        send_turn_.cancel();
        asio::error_code ignored;
        write_socket_.close(ignored);
        notify_socket_.close(ignored);
        characteristic_.reset();
    }

    asio::any_io_executor executor_;
    BleOptions options_;
    // Destroyed in reverse: proxies, then the loop, then the bus they use.
    std::unique_ptr<sdbus::IConnection> bus_;
    std::unique_ptr<transport::detail::DbusAsioLoop> loop_;
    std::unique_ptr<sdbus::IProxy> root_;
    std::unique_ptr<sdbus::IProxy> adapter_;
    std::unique_ptr<sdbus::IProxy> device_;
    std::unique_ptr<sdbus::IProxy> characteristic_;
    asio::steady_timer event_;
    asio::steady_timer send_turn_;  ///< expires never: only cancel() ends a wait
    std::uint64_t send_next_ticket_ = 0;
    std::uint64_t send_serving_ = 0;
    std::uint64_t send_generation_ = 0;  ///< bumped by release_link()
    asio::posix::stream_descriptor write_socket_;
    asio::posix::stream_descriptor notify_socket_;
    ble::Reassembler reassembler_{};
    sdbus::ObjectPath device_path_{};
    sdbus::ObjectPath characteristic_path_{};
    std::optional<sdbus::ObjectPath> found_{};
    std::optional<std::string> lost_{};
    std::optional<std::size_t> device_buf_size_{};
    std::size_t mtu_ = ble::min_att_mtu;
    bool connected_ = false;
    bool resolved_ = false;
    bool closed_ = false;
};

}  // namespace

std::unique_ptr<Transport> make_ble_transport(asio::any_io_executor executor, BleOptions options) {
    return std::make_unique<BleTransport>(std::move(executor), std::move(options));
}

}  // namespace smp
