// SPDX-License-Identifier: Apache-2.0
// One smpctl command on several devices: many real smpsim devices (--udp-count), some faulty
// (smpsim's fault options, each faulty kind in its own process), over real UDP sockets. A
// failed device must be reported as such and never stop the others.
#include "integration/smpsim_process.hpp"
#include "smpctl/smpctl_process.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace {

using namespace smpctl_test;
using nlohmann::json;

class SmpctlFleetTest : public ::testing::Test {
  protected:
    // `count` devices in one smpsim with `extra` options; returns their URIs.
    std::vector<std::string> devices(std::size_t count, std::vector<std::string> extra = {}) {
        const auto state = tmp_.path / ("state-" + std::to_string(sims_.size()));
        std::vector<std::string> args{"--udp",       "127.0.0.1:0",
                                      "--udp-count", std::to_string(count),
                                      "--state-dir", state.string()};
        args.insert(args.end(), extra.begin(), extra.end());
        sims_.push_back(std::make_unique<smp_it::SmpsimProcess>(args, count));
        std::vector<std::string> uris;
        for (const auto& ready : sims_.back()->ready)
            uris.push_back("udp://" + ready["address"].get<std::string>());
        return uris;
    }

    static std::vector<std::string> conn_args(const std::vector<std::string>& uris) {
        std::vector<std::string> args;
        for (const auto& uri : uris)
            args.insert(args.end(), {"--conn", uri});
        return args;
    }

    std::string make_image(const std::string& version) {
        const auto path = (tmp_.path / ("image-" + version + ".bin")).string();
        const auto r =
            run_smpctl({"image", "make", "--version", version, "--size", "20000", path}, tmp_.path);
        EXPECT_EQ(r.code, 0) << r.err;
        return path;
    }

    RunResult ctl(std::vector<std::string> args) {
        return run_smpctl(args, tmp_.path, std::chrono::seconds(180));
    }

    TempDir tmp_;
    std::vector<std::unique_ptr<smp_it::SmpsimProcess>> sims_;
};

std::set<std::string> failed_devices(const json& doc) {
    std::set<std::string> failed;
    for (const auto& d : doc["devices"])
        if (d["result"] == "failed")
            failed.insert(d["device"].get<std::string>());
    return failed;
}

// The "done when": 32 devices upgraded by one command, 3 of them faulty in three
// ways (nothing answers; every answer corrupted; a slot too small for the image).
TEST_F(SmpctlFleetTest, UpgradesThirtyTwoDevicesAndReportsExactlyTheThreeFaultyOnes) {
    auto uris = devices(29, {"--no-factory-image"});  // nothing runs until the first upgrade
    const auto silent = devices(1, {"--loss", "1"});
    const auto garbled = devices(1, {"--corrupt", "1"});
    const auto small = devices(1, {"--slot-size", "8192"});
    const std::set<std::string> faulty{silent[0], garbled[0], small[0]};
    // Faulty devices among the good ones, not all at the end.
    uris.insert(uris.begin() + 3, silent[0]);
    uris.insert(uris.begin() + 10, garbled[0]);
    uris.insert(uris.begin() + 20, small[0]);
    ASSERT_EQ(uris.size(), 32u);
    // First every good device gets 1.0.0 (started without a factory image): all succeed.
    auto args = conn_args(std::vector<std::string>(uris.begin() + 21, uris.end()));
    args.insert(args.end(), {"--json", "upgrade", make_image("1.0.0"), "--reset-settle", "0.3"});
    const auto first = ctl(args);
    ASSERT_EQ(first.code, 0) << first.err;
    EXPECT_EQ(first.doc()["succeeded"], 11);
    const auto image = make_image("2.1.0");

    args = conn_args(uris);
    args.insert(args.end(), {"--json", "--timeout", "1", "--retries", "1", "--parallel", "32",
                             "upgrade", image, "--reset-settle", "0.3"});
    const auto r = ctl(args);
    EXPECT_FALSE(r.killed);
    EXPECT_EQ(r.code, 10) << r.err;
    const auto doc = r.doc();
    ASSERT_EQ(doc["devices"].size(), 32u);
    EXPECT_EQ(doc["command"], "upgrade");
    EXPECT_EQ(doc["failed"], 3);
    EXPECT_EQ(doc["succeeded"], 29);
    EXPECT_EQ(failed_devices(doc), faulty) << doc.dump(2);
    for (std::size_t i = 0; i < uris.size(); ++i) {
        const auto& d = doc["devices"][i];
        EXPECT_EQ(d["device"], uris[i]);  // in the order given
        if (faulty.count(uris[i]) != 0) {
            EXPECT_NE(d["exit_code"], 0);
            // The whole message, and nothing dangling where a detail was empty (the slot
            // too small once read "upgrade failed at upload:  (udp://...)").
            const auto error = d["error"].get<std::string>();
            EXPECT_NE(error.find(uris[i]), std::string::npos) << error;
            EXPECT_EQ(error.find(":  "), std::string::npos) << error;
            EXPECT_EQ(error.find(": ("), std::string::npos) << error;
            continue;
        }
        EXPECT_EQ(d["result"], "ok") << d.dump();
        EXPECT_EQ(d["new_version"], "2.1.0") << d.dump();
        EXPECT_EQ(d["confirmed"], true);
        // The devices upgraded first ran 1.0.0, the others nothing.
        EXPECT_EQ(d["old_version"], i >= 21 ? json("1.0.0") : json(nullptr)) << d.dump();
    }
    EXPECT_EQ(doc["devices"][3]["exit_code"], 4);   // silent: timeout
    EXPECT_EQ(doc["devices"][20]["exit_code"], 3);  // slot too small: the device refuses
    // A good device really runs the new image now (asked afresh, not from the summary).
    const auto list = ctl({"--conn", uris[31], "--json", "image", "list"});
    ASSERT_EQ(list.code, 0) << list.err;
    bool running = false;
    const auto images = list.doc()["images"];  // a copy: the parsed document is a temporary
    for (const auto& slot : images)
        running = running ||
                  (slot["active"].get<bool>() && slot["version"].get<std::string>() == "2.1.0");
    EXPECT_TRUE(running) << list.out;
}

TEST_F(SmpctlFleetTest, SummaryTableNamesEachDeviceAndProgressLinesArePrefixed) {
    auto uris = devices(2);
    const auto silent = devices(1, {"--loss", "1"});
    uris.push_back(silent[0]);
    const auto image = make_image("3.0.0");
    auto args = conn_args(uris);
    args.insert(args.end(), {"--timeout", "1", "--retries", "0", "image", "upload", image});
    const auto r = ctl(args);
    EXPECT_EQ(r.code, 10) << r.err;
    EXPECT_NE(r.out.find("DEVICE"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("RESULT"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("2 of 3 devices succeeded"), std::string::npos) << r.out;
    // One row a device: the good ones with the uploaded version, the silent one failed.
    for (const auto& uri : uris) {
        const auto row = r.out.substr(r.out.find(uri));
        const auto line = row.substr(0, row.find('\n'));
        if (uri == silent[0])
            EXPECT_NE(line.find("FAILED (exit 4)"), std::string::npos) << line;
        else
            EXPECT_NE(line.find("3.0.0"), std::string::npos) << line;
        EXPECT_NE(r.err.find("[" + uri + "] "), std::string::npos) << r.err;
    }
    // Each stderr line is whole: it starts with a device's prefix or with "smpctl: ".
    std::size_t pos = 0;
    while (pos < r.err.size()) {
        const auto end = r.err.find('\n', pos);
        const auto line = r.err.substr(pos, end - pos);
        EXPECT_TRUE(line.starts_with("[udp://") || line.starts_with("smpctl: ") ||
                    line.starts_with("  "))
            << line;
        pos = end == std::string::npos ? r.err.size() : end + 1;
    }
}

TEST_F(SmpctlFleetTest, EchoRunsOnEveryDeviceOfAConnFileAndTheConnOptions) {
    const auto uris = devices(4);
    const auto file = tmp_.path / "station.txt";
    std::ofstream(file) << "# station 3\n"
                        << uris[0] << "\n\n   " << uris[1] << "   # left bench\n"
                        << uris[2] << "\n";
    const auto r = ctl({"--json", "--conn", uris[3], "--conn-file", file.string(), "--parallel",
                        "2", "os", "echo", "hello"});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto doc = r.doc();
    ASSERT_EQ(doc["devices"].size(), 4u) << doc.dump(2);
    std::set<std::string> seen;
    for (const auto& d : doc["devices"]) {
        EXPECT_EQ(d["r"], "hello");
        EXPECT_EQ(d["result"], "ok");
        seen.insert(d["device"].get<std::string>());
    }
    EXPECT_EQ(seen, std::set<std::string>(uris.begin(), uris.end()));
}

TEST_F(SmpctlFleetTest, UnreadableOrEmptyConnFileIsReported) {
    auto r = ctl({"--conn-file", (tmp_.path / "missing.txt").string(), "os", "echo", "x"});
    EXPECT_EQ(r.code, 6) << r.err;
    EXPECT_NE(r.err.find("missing.txt"), std::string::npos) << r.err;
    const auto empty = tmp_.path / "empty.txt";
    std::ofstream(empty) << "# nothing here\n\n";
    r = ctl({"--conn-file", empty.string(), "os", "echo", "x"});
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_NE(r.err.find("names no device"), std::string::npos) << r.err;
}

TEST_F(SmpctlFleetTest, CommandsForOneDeviceRefuseSeveral) {
    const auto uris = devices(2);
    const auto r = ctl({"--conn", uris[0], "--conn", uris[1], "image", "list"});
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_NE(r.err.find("works on one device, and 2 were given"), std::string::npos) << r.err;
}

}  // namespace
