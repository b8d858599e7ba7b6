// SPDX-License-Identifier: Apache-2.0
// SMP over BLE through BlueZ (see smp/transport/ble.hpp): the SMP link over the GATT
// characteristic (acquired sockets or WriteValue/StartNotify, writes in order, reassembly).
// Finding the device and calling BlueZ is the bus layer, ble_bluez.cpp.
#include <smp/transport/ble.hpp>

#include <smp/detail/asio_compat.hpp>
#include <smp/protocol/ble/reassembly.hpp>
#include <smp/protocol/error.hpp>

#include "transport/ble_bluez.hpp"
#include "transport/transport_result.hpp"

#include <sdbus-c++/sdbus-c++.h>
#include <asio/posix/stream_descriptor.hpp>
#include <asio/steady_timer.hpp>

#include <sys/socket.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>

namespace smp {
namespace {

using transport::detail::ble_fail;
using transport::detail::bluez_characteristic_interface;
using transport::detail::bluez_device_interface;
using transport::detail::bool_property;
using transport::detail::dbus_properties_interface;
using Options = transport::detail::DbusOptions;

// Zephyr smp_bt.c (shared/protocol.md §5.3).
constexpr const char* smp_characteristic_uuid = "da2e7828-fbce-4e01-ae9e-261174997c48";

[[noreturn]] void fail(Errc code, const std::string& what) {
    ble_fail(code, what);
}

class BleTransport final : public detail::ThrowingOperations<BleTransport> {
  public:
    BleTransport(asio::any_io_executor executor, BleOptions options)
        : executor_(executor),
          options_(options),
          bus_(
              executor, std::move(options), [this](std::string_view during) { check_link(during); },
              [this](std::string why) { lose(std::move(why)); }),
          send_turn_(executor),
          write_socket_(executor),
          notify_socket_(executor) {
        send_turn_.expires_at(asio::steady_timer::time_point::max());
    }

    ~BleTransport() override { close(); }

    // The operations, throwing on failure; ThrowingOperations turns that into Results.
    asio::awaitable<void> open_link() {
        release_link();
        closed_ = false;
        lost_.reset();
        // A fresh link: what we knew of the last one (e.g. before the device rebooted) is stale.
        connected_ = false;
        resolved_ = false;
        if (!bus_.started())
            bus_.start();
        device_path_ = co_await bus_.find_device();
        watch_device();
        co_await connect();
        characteristic_path_ = co_await find_characteristic();
        co_await acquire();
    }

    asio::awaitable<void> send_message(ByteView message) {
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

    asio::awaitable<Bytes> receive_message() {
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
                device_->callMethod(device_->createMethodCall(bluez_device_interface, "Disconnect"),
                                    [](sdbus::MethodReply&, const sdbus::Error*) {});
            } catch (const sdbus::Error&) {
            }
        }
        std::vector<std::unique_ptr<sdbus::IProxy>> proxies;
        proxies.push_back(std::move(device_));
        proxies.push_back(std::move(characteristic_));
        bus_.retire(std::move(proxies));
        wake();
    }

    std::string address() const override {
        return "ble://" + (options_.address.empty() ? options_.name : options_.address);
    }
    asio::any_io_executor get_executor() override { return executor_; }

  private:
    void watch_device() {
        device_ = bus_.proxy(device_path_);
        device_->uponSignal("PropertiesChanged")
            .onInterface(dbus_properties_interface)
            .call([this](const std::string& interface, const Options& changed,
                         const std::vector<std::string>&) {
                if (interface != bluez_device_interface)
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
        co_await bus_.call(*device_, bluez_device_interface, "Connect", {},
                           options_.connect_timeout);
        // The state after Connect: signals may have come before we subscribed.
        for (const auto& [path, interfaces] : co_await bus_.managed_objects()) {
            if (path != device_path_)
                continue;
            const auto& device = interfaces.at(bluez_device_interface);
            connected_ = bool_property(device, "Connected");
            resolved_ = resolved_ || bool_property(device, "ServicesResolved");
        }
        if (!co_await bus_.wait_for([&] { return resolved_; }, options_.connect_timeout))
            fail(Errc::not_connected,
                 "BLE device " + address() + " connected but its GATT services were not resolved");
    }

    asio::awaitable<sdbus::ObjectPath> find_characteristic() {
        auto path = co_await bus_.find_characteristic(device_path_, smp_characteristic_uuid);
        if (!path)
            fail(Errc::not_connected, "BLE device " + address() + " has no SMP characteristic " +
                                          smp_characteristic_uuid);
        co_return std::move(*path);
    }

    asio::awaitable<void> acquire() {
        characteristic_ = bus_.proxy(characteristic_path_);
        characteristic_->uponSignal("PropertiesChanged")
            .onInterface(dbus_properties_interface)
            .call([this](const std::string& interface, const Options& changed,
                         const std::vector<std::string>&) {
                if (interface != bluez_characteristic_interface)
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
            auto reply =
                co_await bus_.call(characteristic(), bluez_characteristic_interface, "AcquireWrite",
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
            auto reply =
                co_await bus_.call(characteristic(), bluez_characteristic_interface,
                                   "AcquireNotify", [](sdbus::MethodCall& m) { m << Options{}; });
            sdbus::UnixFd fd;
            std::uint16_t mtu = 0;
            reply >> fd >> mtu;
            notify_socket_.assign(fd.release());
        } catch (const asio::system_error&) {
            check_link();
            acquired_notify = false;  // fall back to StartNotify + PropertiesChanged(Value)
        }
        if (!acquired_notify)
            co_await bus_.call(characteristic(), bluez_characteristic_interface, "StartNotify");
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
            auto reply = co_await bus_.call(
                characteristic(), dbus_properties_interface, "Get", [](sdbus::MethodCall& m) {
                    m << std::string(bluez_characteristic_interface) << std::string("MTU");
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

    asio::awaitable<void> wait_event() { co_await bus_.wait_event(); }
    void wake() { bus_.wake(); }

    void lose(std::string why) {
        if (!lost_)
            lost_ = std::move(why);
        release_link();
        wake();
    }

    // `during` names the BlueZ call waiting (the bus layer's LinkCheck), or is empty.
    void check_link(std::string_view during = {}) const {
        if (closed_ && !during.empty())
            fail(Errc::not_connected, std::string(during) + " cancelled: transport closed");
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
        co_await bus_.call(
            characteristic(), bluez_characteristic_interface, "WriteValue",
            [&](sdbus::MethodCall& m) {
                m << piece << Options{{"type", sdbus::Variant(std::string("command"))}};
            });
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
    // Destroyed in reverse: our proxies before the bus they use.
    transport::detail::BluezBus bus_;
    std::unique_ptr<sdbus::IProxy> device_;
    std::unique_ptr<sdbus::IProxy> characteristic_;
    asio::steady_timer send_turn_;  ///< expires never: only cancel() ends a wait
    std::uint64_t send_next_ticket_ = 0;
    std::uint64_t send_serving_ = 0;
    std::uint64_t send_generation_ = 0;  ///< bumped by release_link()
    asio::posix::stream_descriptor write_socket_;
    asio::posix::stream_descriptor notify_socket_;
    ble::Reassembler reassembler_{};
    sdbus::ObjectPath device_path_{};
    sdbus::ObjectPath characteristic_path_{};
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
