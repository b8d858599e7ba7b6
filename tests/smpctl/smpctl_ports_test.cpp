// SPDX-License-Identifier: Apache-2.0
// smpctl ports and serial://usb/... URIs against a fake sysfs tree (fake_sysfs.hpp, the only
// stand-in: no USB device exists here), whose /dev entries point at real smpsim PTYs, so a
// URI that names a board by USB identity ends in a real exchange with a real process.
#include "integration/smpsim_process.hpp"
#include "smpctl/fake_sysfs.hpp"
#include "smpctl/smpctl_process.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace {

using namespace smpctl_test;
using nlohmann::json;

class SmpctlPortsTest : public ::testing::Test {
  protected:
    SmpctlPortsTest() : sysfs_(tmp_.path) {}

    // Two boards of one kind (serials A1, B2), an FTDI adapter, a real UART, a placeholder
    // UART and a virtual console.
    void add_station() {
        sysfs_.add_usb({.name = "ttyACM0", .serial = "A1", .iface = 0, .location = "1-1"});
        sysfs_.add_usb({.name = "ttyACM1", .serial = "B2", .iface = 2, .location = "1-2"});
        sysfs_.add_usb({.name = "ttyUSB0",
                        .vid = "0403",
                        .pid = "6001",
                        .serial = "FT1",
                        .location = "1-3",
                        .manufacturer = "FTDI",
                        .product = "FT232R USB UART",
                        .usb_serial_level = true});
        sysfs_.add_plain("ttyS4", "pnp", "serial");
        sysfs_.add_plain("ttyS0", "platform", "serial8250");
        sysfs_.add_virtual("tty0");
    }

    // A real device behind /dev/NAME: smpsim on a PTY.
    void plug(const std::string& name) {
        sims_.push_back(std::make_unique<smp_it::SmpsimProcess>(
            std::vector<std::string>{"--pty", "--buf-size", "512"}, 1));
        sysfs_.link_dev(name, sims_.back()->ready[0]["path"].get<std::string>());
    }

    RunResult ctl(const std::vector<std::string>& args) {
        return run_smpctl(
            args, tmp_.path, std::chrono::seconds(60),
            {{"SMP_SYSFS_ROOT", sysfs_.sys.string()}, {"SMP_DEV_ROOT", sysfs_.dev.string()}});
    }

    TempDir tmp_;
    FakeSysfs sysfs_;
    std::vector<std::unique_ptr<smp_it::SmpsimProcess>> sims_;
};

TEST_F(SmpctlPortsTest, ListsEveryPortWithItsUsbIdentityAsJson) {
    add_station();
    const auto r = ctl({"--json", "ports"});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto ports = r.doc()["ports"];
    // No virtual console, no 8250 placeholder; sorted by name.
    ASSERT_EQ(ports.size(), 4u) << ports.dump(2);
    EXPECT_EQ(ports[0]["name"], "ttyACM0");
    EXPECT_EQ(ports[0]["device"], (sysfs_.dev / "ttyACM0").string());
    EXPECT_EQ(ports[0]["driver"], "cdc_acm");
    EXPECT_EQ(ports[0]["usb"]["vid"], "2fe3");
    EXPECT_EQ(ports[0]["usb"]["pid"], "0100");
    EXPECT_EQ(ports[0]["usb"]["serial"], "A1");
    EXPECT_EQ(ports[0]["usb"]["interface"], 0);
    EXPECT_EQ(ports[0]["usb"]["manufacturer"], "ZEPHYR");
    EXPECT_EQ(ports[0]["usb"]["product"], "USB-DEV");
    EXPECT_EQ(ports[0]["usb"]["location"], "1-1");
    EXPECT_EQ(ports[0]["uri"], "serial://usb/2fe3:0100?serial=A1&iface=0");
    EXPECT_EQ(ports[1]["usb"]["interface"], 2);
    EXPECT_EQ(ports[1]["usb"]["serial"], "B2");
    // The FTDI port sits one level below its interface: still found, with its driver.
    EXPECT_EQ(ports[2]["name"], "ttyS4");
    EXPECT_TRUE(ports[2]["usb"].is_null());
    EXPECT_EQ(ports[3]["name"], "ttyUSB0");
    EXPECT_EQ(ports[3]["driver"], "ftdi_sio");
    EXPECT_EQ(ports[3]["usb"]["vid"], "0403");
    EXPECT_EQ(ports[3]["usb"]["product"], "FT232R USB UART");
    EXPECT_EQ(ports[3]["usb"]["interface"], 0);
}

TEST_F(SmpctlPortsTest, PrintsATableWithTheUriOfEachPort) {
    add_station();
    const auto r = ctl({"ports"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("PORT"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("VID:PID"), std::string::npos);
    EXPECT_NE(r.out.find("serial://usb/2fe3:0100?serial=B2&iface=2"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("0403:6001"), std::string::npos);
    EXPECT_EQ(r.out.find("ttyS0"), std::string::npos) << r.out;
}

TEST_F(SmpctlPortsTest, NoSysfsMeansNoPortsNotAnError) {
    const auto r = run_smpctl({"--json", "ports"}, tmp_.path, std::chrono::seconds(30),
                              {{"SMP_SYSFS_ROOT", (tmp_.path / "nowhere").string()}});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc()["ports"], json::array());
}

TEST_F(SmpctlPortsTest, UsbUriReachesTheBoardWithThatSerialNumber) {
    add_station();
    plug("ttyACM1");  // only B2 has a device behind it: picking A1 would fail to open
    const auto r = ctl({"--conn", "serial://usb/2fe3:0100?serial=B2&baud=115200&pace=230400",
                        "--json", "os", "echo", "by identity"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc()["r"], "by identity");
}

TEST_F(SmpctlPortsTest, UsbUriSelectsByInterfaceNumber) {
    add_station();
    plug("ttyACM1");
    const auto r = ctl({"--conn", "serial://usb/2fe3:0100?iface=2", "os", "echo", "iface"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "iface\n");
}

TEST_F(SmpctlPortsTest, UsbUriMatchingNothingListsTheCandidates) {
    add_station();
    const auto r = ctl({"--conn", "serial://usb/2fe3:0100?serial=ZZ", "os", "echo", "x"});
    EXPECT_EQ(r.code, 5) << r.err;
    EXPECT_NE(r.err.find("no serial port matches usb 2fe3:0100 serial=ZZ"), std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("serial://usb/2fe3:0100?serial=A1&iface=0"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("serial://usb/0403:6001?serial=FT1&iface=0"), std::string::npos) << r.err;
}

TEST_F(SmpctlPortsTest, AmbiguousUsbUriForOneDeviceListsTheMatches) {
    add_station();
    const auto r = ctl({"--conn", "serial://usb/2fe3:0100", "image", "list"});
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_NE(r.err.find("usb 2fe3:0100 matches 2 serial ports"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("serial=A1"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("serial=B2"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("FT1"), std::string::npos) << r.err;
}

TEST_F(SmpctlPortsTest, UsbUriMatchingSeveralBoardsRunsOnEach) {
    add_station();
    plug("ttyACM0");
    plug("ttyACM1");
    const auto r = ctl({"--conn", "serial://usb/2fe3:0100", "--json", "os", "echo", "both"});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto doc = r.doc();
    ASSERT_EQ(doc["devices"].size(), 2u) << doc.dump(2);
    EXPECT_EQ(doc["devices"][0]["device"], "ttyACM0:A1");
    EXPECT_EQ(doc["devices"][1]["device"], "ttyACM1:B2");
    for (const auto& d : doc["devices"]) {
        EXPECT_EQ(d["result"], "ok");
        EXPECT_EQ(d["r"], "both");
    }
    EXPECT_EQ(doc["failed"], 0);
}

TEST_F(SmpctlPortsTest, BadUsbIdentityIsAUsageError) {
    for (const auto* uri :
         {"serial://usb/xyz", "serial://usb/2fe3:12345", "serial://usb/2fe3?iface=x"}) {
        const auto r = ctl({"--conn", uri, "os", "echo", "x"});
        EXPECT_EQ(r.code, 2) << uri << ": " << r.err;
        EXPECT_NE(r.err.find("bad connection URI"), std::string::npos) << r.err;
    }
}

}  // namespace
