// SPDX-License-Identifier: Apache-2.0
#pragma once
// A fake Linux sysfs tree (and /dev) in a scratch directory, shaped as the kernel lays out
// serial ports: /sys/class/tty/NAME -> the tty under its device; NAME/device -> the device;
// USB ports below their interface (bInterfaceNumber) below the USB device (idVendor, ...).
// It is the only stand-in in these tests: there is no USB device on a build machine. smpctl
// reads it through SMP_SYSFS_ROOT and SMP_DEV_ROOT; /dev entries may point at real smpsim
// PTYs, so a USB URI ends on a real device.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace smpctl_test {

struct FakeUsbPort {
    std::string name{};        ///< "ttyACM0"
    std::string vid = "2fe3";  ///< as sysfs writes it: four lower-case hex digits
    std::string pid = "0100";
    std::string serial{};  ///< empty: the device has no serial number attribute
    int iface = 0;
    std::string location = "1-1";  ///< the USB device's bus path
    std::string manufacturer = "ZEPHYR";
    std::string product = "USB-DEV";
    bool usb_serial_level = false;  ///< ftdi_sio style: a ttyUSB device below the interface
};

class FakeSysfs {
  public:
    explicit FakeSysfs(const std::filesystem::path& root)
        : sys(root / "sys"), dev(root / "dev"), usb_root_(sys / "devices/pci0000:00/usb1") {
        std::filesystem::create_directories(sys / "class/tty");
        std::filesystem::create_directories(dev);
    }

    void add_usb(const FakeUsbPort& p) {
        const auto device = usb_root_ / p.location;
        std::filesystem::create_directories(device);
        write(device / "idVendor", p.vid);
        write(device / "idProduct", p.pid);
        if (!p.serial.empty())
            write(device / "serial", p.serial);
        write(device / "manufacturer", p.manufacturer);
        write(device / "product", p.product);
        const auto iface = device / (p.location + ":1." + std::to_string(p.iface));
        std::filesystem::create_directories(iface);
        char number[8];
        std::snprintf(number, sizeof number, "%02x", p.iface);
        write(iface / "bInterfaceNumber", number);
        auto port = iface;
        if (p.usb_serial_level) {
            port = iface / p.name;
            std::filesystem::create_directories(port);
            link(port / "driver", driver("usb-serial", "ftdi_sio"));
        } else {
            link(iface / "driver", driver("usb", "cdc_acm"));
        }
        add_tty(p.name, port);
    }

    /// A port whose device is on the platform bus under `driver_name` ("serial8250": one of
    /// the kernel's placeholders) or on another bus (a real UART).
    void add_plain(const std::string& name, const std::string& bus,
                   const std::string& driver_name) {
        const auto device = sys / "devices" / bus / (name + "-device");
        std::filesystem::create_directories(device);
        link(device / "subsystem", sys / "bus" / bus);
        link(device / "driver", driver(bus, driver_name));
        add_tty(name, device);
    }

    /// A tty with no device (a virtual console).
    void add_virtual(const std::string& name) {
        std::filesystem::create_directories(sys / "devices/virtual/tty" / name);
        link(sys / "class/tty" / name, sys / "devices/virtual/tty" / name);
    }

    /// dev/NAME -> target (e.g. a smpsim PTY).
    void link_dev(const std::string& name, const std::filesystem::path& target) {
        link(dev / name, target);
    }

    std::filesystem::path sys;
    std::filesystem::path dev;

  private:
    static void write(const std::filesystem::path& path, const std::string& text) {
        std::ofstream(path) << text << "\n";
    }
    static void link(const std::filesystem::path& from, const std::filesystem::path& to) {
        std::filesystem::create_directories(from.parent_path());
        std::filesystem::create_symlink(to, from);
    }
    std::filesystem::path driver(const std::string& bus, const std::string& name) {
        const auto path = sys / "bus" / bus / "drivers" / name;
        std::filesystem::create_directories(path);
        return path;
    }
    // class/tty/NAME -> DEVICE/tty/NAME, whose "device" link leads back to DEVICE.
    void add_tty(const std::string& name, const std::filesystem::path& device) {
        const auto tty = device / "tty" / name;
        std::filesystem::create_directories(tty);
        link(tty / "device", device);
        link(sys / "class/tty" / name, tty);
    }

    std::filesystem::path usb_root_;
};

}  // namespace smpctl_test
