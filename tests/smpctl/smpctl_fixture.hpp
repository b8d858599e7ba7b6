// SPDX-License-Identifier: Apache-2.0
#pragma once
// The fixture of the smpctl end-to-end tests: a real smpsim process per test (UDP unless a
// test starts another endpoint) and smpctl runs against it in a scratch directory.
#include "integration/smpsim_process.hpp"
#include "smpctl/smpctl_process.hpp"

#include <smp/mcuboot/sha256.hpp>
#include <smp/protocol/bytes.hpp>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

namespace smpctl_test {

using nlohmann::json;

class SmpctlTest : public ::testing::Test {
  protected:
    void SetUp() override { start({}); }

    // smpsim with `endpoint` ({"--udp", "127.0.0.1:0"}, {"--pty"}, {"--tcp", ...}) and
    // `extra` options; conn_ becomes the URI smpctl uses for it.
    void start(std::vector<std::string> extra,
               std::vector<std::string> endpoint = {"--udp", "127.0.0.1:0"}) {
        sim_.reset();
        fs::create_directories(tmp_.path / "state");
        fs::create_directories(tmp_.path / "fsroot");
        std::vector<std::string> args = endpoint;
        args.insert(args.end(), {"--state-dir", (tmp_.path / "state").string(), "--fs-root",
                                 (tmp_.path / "fsroot").string(), "--buf-size", "512"});
        args.insert(args.end(), extra.begin(), extra.end());
        sim_ = std::make_unique<smp_it::SmpsimProcess>(args, 1);
        const auto& ready = sim_->ready[0];
        const bool raw = std::find(extra.begin(), extra.end(), "--raw") != extra.end();
        if (ready["transport"] == "pty")
            conn_ = (raw ? "serial-raw://" : "serial://") + ready["path"].get<std::string>() +
                    "?baud=115200&flow=none&strategy=auto";
        else if (ready["transport"] == "tcp")
            conn_ = "tcp://" + ready["address"].get<std::string>() + (raw ? "?raw=1" : "");
        else
            conn_ = "udp://" + ready["address"].get<std::string>();
    }

    // smpctl --conn <sim> ARGS...
    RunResult ctl(std::vector<std::string> args) {
        args.insert(args.begin(), {"--conn", conn_});
        return run_smpctl(args, tmp_.path);
    }
    RunResult ctl_json(std::vector<std::string> args) {
        args.insert(args.begin(), "--json");
        return ctl(std::move(args));
    }
    RunResult offline(std::vector<std::string> args) { return run_smpctl(args, tmp_.path); }

    // Writes a test image with `smpctl image make`; returns its path and inspected JSON.
    std::pair<std::string, json> make_image(const std::string& version, int size = 20000,
                                            int seed = 1) {
        const auto path = (tmp_.path / ("image-" + version + ".bin")).string();
        const auto r = offline({"--json", "image", "make", "--version", version, "--size",
                                std::to_string(size), "--seed", std::to_string(seed), path});
        EXPECT_EQ(r.code, 0) << r.err;
        return {path, r.doc()};
    }

    json image_list() {
        const auto r = ctl_json({"image", "list"});
        EXPECT_EQ(r.code, 0) << r.err;
        return r.doc()["images"];
    }

    static const json* active(const json& images) {
        for (const auto& slot : images)
            if (slot["active"].get<bool>())
                return &slot;
        return nullptr;
    }

    // The device's active image is the one with `hash`, confirmed or (test only) not.
    void expect_running(const json& hash, bool confirmed) {
        const auto images = image_list();
        const auto* running = active(images);
        ASSERT_NE(running, nullptr);
        EXPECT_EQ((*running)["hash"], hash);
        EXPECT_EQ((*running)["confirmed"].get<bool>(), confirmed);
    }

    // Puts `version` on the device with a full upgrade; returns its image hash.
    std::string install(const std::string& version, int seed = 1) {
        const auto [path, info] = make_image(version, 20000, seed);
        const auto r = ctl_json({"upgrade", path, "--reset-settle", "0.3"});
        EXPECT_EQ(r.code, 0) << r.err;
        return info["hash"].get<std::string>();
    }

    TempDir tmp_;
    std::unique_ptr<smp_it::SmpsimProcess> sim_;
    std::string conn_;
};

}  // namespace smpctl_test
