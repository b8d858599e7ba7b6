// SPDX-License-Identifier: Apache-2.0
// The upgrade routine on every smpsim personality: each --mcuboot-mode with its default
// factory image and without one, serial recovery, and the fixture profiles that manage
// images. Each device first takes the image with a plain upload (as `smpctl image upload`
// does), then the routine upgrades to it: where nothing runs, the list shows slot 1 and no
// active slot, which once passed for serial recovery (issue 31).
#include <smp/client/blocking_client.hpp>
#include <smp/client/upgrade.hpp>
#include <smp/mcuboot/mcuboot_image.hpp>
#include <smp/protocol/messages/image.hpp>

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "smpsim_udp.hpp"
#include "support/temp_dir.hpp"
#include "upgrade_support.hpp"

namespace {

using namespace smp;

struct Personality {
    std::string name;               ///< the test's name
    std::vector<std::string> args;  ///< smpsim options besides the endpoint
    UpgradePath path;               ///< the steps the routine takes
    bool uploads_first = true;      ///< the application takes a plain upload
    bool via_bootloader = false;    ///< only the bootloader replaces the application
    std::uint32_t image_flags = 0;  ///< RAM load boots only images flagged RAM_LOAD
    /// smpsim --recovery is serial recovery at every boot: the image goes to slot 0, and
    /// after the reset no application runs it (the routine says so at verify).
    bool stays_in_recovery = false;
};

void PrintTo(const Personality& p, std::ostream* out) {
    *out << p.name;
}

std::vector<Personality> personalities() {
    const auto ram = mcuboot::flag_ram_load;
    std::vector<Personality> all;
    struct Mode {
        const char* name;
        UpgradePath path;
        std::uint32_t flags;
    };
    for (const Mode& m : {Mode{"swap-using-move", UpgradePath::test_and_confirm, 0},
                          Mode{"swap-using-scratch", UpgradePath::test_and_confirm, 0},
                          Mode{"swap-using-offset", UpgradePath::test_and_confirm, 0},
                          Mode{"overwrite-only", UpgradePath::overwrite, 0},
                          Mode{"direct-xip", UpgradePath::newest_boots, 0},
                          Mode{"direct-xip-with-revert", UpgradePath::test_and_confirm, 0},
                          Mode{"ram-load", UpgradePath::newest_boots, ram}}) {
        all.push_back({m.name, {"--mcuboot-mode", m.name}, m.path, true, false, m.flags});
        all.push_back({std::string(m.name) + "-without-factory-image",
                       {"--mcuboot-mode", m.name, "--no-factory-image"},
                       m.path,
                       true,
                       false,
                       m.flags});
    }
    for (const char* mode : {"single-slot", "single-slot-ram-load", "firmware-loader"})
        all.push_back({mode, {"--mcuboot-mode", mode}, UpgradePath::recovery, false, true});
    all.push_back({"recovery", {"--recovery"}, UpgradePath::recovery, true, false, 0, true});
    all.push_back({"recovery-without-factory-image",
                   {"--recovery", "--no-factory-image"},
                   UpgradePath::recovery,
                   true,
                   false,
                   0,
                   true});
    // The fixture builds with an image group (the mps2 application under MCUboot, whose
    // image group refuses test and confirm: through the bootloader); on UDP here, the
    // routine's steps do not depend on the link.
    for (const char* profile : {"serial_recovery", "serial_recovery_buf400"})
        all.push_back({profile, {"--profile", profile}, UpgradePath::recovery, true, true});
    return all;
}

class UpgradeOnPersonality : public ::testing::TestWithParam<Personality> {};

TEST_P(UpgradeOnPersonality, AfterAPlainUploadTheRoutineRunsTheNewImage) {
    const auto& p = GetParam();
    smp::test::TempDir dir{"smp-personality-"};
    std::vector<std::string> args{"--udp", "127.0.0.1:0", "--state-dir", dir.path.string()};
    args.insert(args.end(), p.args.begin(), p.args.end());
    smp_it::SmpsimProcess sim(args, 1);
    BlockingClient client(smp_it::sim_udp_options(sim), smp_it::ClientRunner::quiet());
    ASSERT_TRUE(client.connect());

    const Bytes two = smp_it::versioned_image(2, 6000, p.image_flags);
    if (p.uploads_first) {
        auto uploaded = client.upload_image(two);
        ASSERT_TRUE(uploaded) << uploaded.error().message();
    }
    auto options = smp_it::fast_upgrade();
    options.via_bootloader = p.via_bootloader;
    auto done = client.upgrade(two, options);
    if (p.stays_in_recovery) {
        ASSERT_FALSE(done);
        EXPECT_NE(done.error().message().find("upgrade failed at verify: the device is still in "
                                              "the bootloader"),
                  std::string::npos)
            << done.error().message();
        auto listed = client.request(image::StateRead{});
        ASSERT_TRUE(listed) << listed.error().message();
        ASSERT_EQ(listed->images.size(), 1u);
        EXPECT_EQ(listed->images[0].slot, 0u) << "recovery writes slot 0";
        EXPECT_EQ(listed->images[0].hash, mcuboot::parse_mcuboot_image(two)->hash);
        return;
    }
    ASSERT_TRUE(done) << done.error().message();
    EXPECT_EQ(done->path, p.path) << to_string(done->path);
    EXPECT_EQ(done->version, "2.0.0");
    EXPECT_EQ(done->hash, mcuboot::parse_mcuboot_image(two)->hash);
}

INSTANTIATE_TEST_SUITE_P(Smpsim, UpgradeOnPersonality, ::testing::ValuesIn(personalities()),
                         [](const ::testing::TestParamInfo<Personality>& param) {
                             std::string name = param.param.name;
                             for (auto& c : name)
                                 if (c == '-')
                                     c = '_';
                             return name;
                         });

}  // namespace
