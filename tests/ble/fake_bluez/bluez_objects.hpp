// SPDX-License-Identifier: Apache-2.0
#pragma once
// The org.bluez objects of the fake BlueZ: an adapter, one LE device and its SMP GATT service
// and characteristic, with the methods, properties and ObjectManager/PropertiesChanged
// signals of BlueZ's D-Bus API (BlueZ doc/org.bluez.Adapter.rst, org.bluez.Device.rst,
// org.bluez.GattService.rst, org.bluez.GattCharacteristic.rst).
//
// Like BlueZ: the device object appears (InterfacesAdded) when discovery starts unless it is
// already known, and stays published; while discovery runs, every advertisement the device
// sends (one per advertising interval, none while connected) is reported as a
// PropertiesChanged of its RSSI when a discovery filter is set; Connect() returns once connected
// and the GATT objects and ServicesResolved follow a moment later; AcquireWrite/AcquireNotify hand
// out one end of a SOCK_SEQPACKET socket pair with the ATT MTU, one packet per ATT value; closing
// the client's end releases it; a lost link closes the sockets and removes the GATT objects.
#include "smp_peripheral.hpp"

#include <sdbus-c++/sdbus-c++.h>

#include <asio.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <tuple>

namespace fake_bluez {

inline constexpr const char* smp_service_uuid = "8d53dc1d-1db7-4cd3-868b-8a527460aa84";
inline constexpr const char* smp_characteristic_uuid = "da2e7828-fbce-4e01-ae9e-261174997c48";

struct BluezConfig {
    std::string address = "C0:FF:EE:00:00:01";
    std::string name = "smpsim";
    bool known = false;            ///< the device object exists from the start (paired/cached)
    bool acquire = true;           ///< false: AcquireWrite/AcquireNotify fail with NotSupported
    bool drop_at_acquire = false;  ///< the link drops during the first AcquireWrite call
    std::chrono::milliseconds resolve_delay{20};  ///< Connect() to ServicesResolved
    /// Between two advertisements of the device: Zephyr's connectable fast advertising is
    /// BT_GAP_ADV_FAST_INT_MIN_2..MAX_2, 100-150 ms (include/zephyr/bluetooth/gap.h).
    std::chrono::milliseconds advertising_interval{100};
};

class FakeBluez {
  public:
    using Options = std::map<std::string, sdbus::Variant>;

    /// `kick` re-arms the D-Bus loop after the bus was used outside a D-Bus callback.
    FakeBluez(asio::io_context& io, sdbus::IConnection& bus, std::function<void()> kick,
              SmpPeripheral& peripheral, BluezConfig config);
    ~FakeBluez();

  private:
    void register_adapter();
    void register_device();
    void start_discovery();
    void stop_discovery();
    void await_advertisement();
    void receive_advertisement();
    void connect();
    void disconnect();
    void resolve_services();
    void drop_link(const char* why);
    void register_gatt();
    void unregister_gatt();

    std::tuple<sdbus::UnixFd, std::uint16_t> acquire_write(const Options& options);
    std::tuple<sdbus::UnixFd, std::uint16_t> acquire_notify(const Options& options);
    void write_value(const std::vector<std::uint8_t>& value, const Options& options);
    void start_notify();
    void stop_notify();
    void notify(smp::Bytes value);
    void read_writes();
    void watch_notify_socket();
    void release_write();
    void release_notify();

    std::string device_path() const;
    std::string service_path() const { return device_path() + "/service0010"; }
    std::string characteristic_path() const { return service_path() + "/char0011"; }
    void require_connected() const;

    asio::io_context& io_;
    sdbus::IConnection& bus_;
    std::function<void()> kick_;
    SmpPeripheral& peripheral_;
    BluezConfig config_;

    std::unique_ptr<sdbus::IObject> root_;
    std::unique_ptr<sdbus::IObject> adapter_;
    std::unique_ptr<sdbus::IObject> device_;
    std::unique_ptr<sdbus::IObject> service_;
    std::unique_ptr<sdbus::IObject> characteristic_;

    bool powered_ = true;
    bool discovering_ = false;
    bool discovery_filter_ = false;  ///< SetDiscoveryFilter got a non-empty filter
    bool connected_ = false;
    bool services_resolved_ = false;
    bool notifying_ = false;
    std::vector<std::uint8_t> value_{};
    asio::posix::stream_descriptor write_socket_;   ///< ours; the client writes to its end
    asio::posix::stream_descriptor notify_socket_;  ///< ours; we send notifications on it
    asio::steady_timer resolve_timer_;
    asio::steady_timer advertising_timer_;
    std::uint64_t link_ = 0;
};

}  // namespace fake_bluez
