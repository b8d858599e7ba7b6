// SPDX-License-Identifier: Apache-2.0
// smp::upgrade against the real smpsim over UDP: upload, test, reset, reconnect, verify,
// confirm; a bad image refused before upload; a reset mid-upload leaves the old image.
#include <smp/client/blocking_client.hpp>
#include <smp/client/upgrade.hpp>
#include <smp/mcuboot/mcuboot_image.hpp>
#include <smp/protocol/messages/image.hpp>
#include <smp/protocol/messages/os.hpp>
#include <smp/transport/udp.hpp>

#include <filesystem>
#include <thread>

#include "smpsim_udp.hpp"
#include "upgrade_support.hpp"

namespace {

using namespace smp;
using namespace std::chrono_literals;

struct StateDir {
    StateDir() {
        path = std::filesystem::temp_directory_path() /
               ("smp-upgrade-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::filesystem::create_directories(path);
    }
    ~StateDir() { std::filesystem::remove_all(path); }
    std::filesystem::path path;
    static inline int counter = 0;
};

const image::ImageSlotState* active(const image::StateResponse& state) {
    for (const auto& s : state.images)
        if (s.active)
            return &s;
    return nullptr;
}

TEST(ClientUpgrade, FromOneToTwoReportsEveryStepAndEndsConfirmed) {
    StateDir dir;
    smp_it::SmpsimProcess sim({"--udp", "127.0.0.1:0", "--state-dir", dir.path.string()}, 1);
    BlockingClient client(smp_it::sim_udp_options(sim), smp_it::ClientRunner::quiet());
    ASSERT_TRUE(client.connect());

    auto first = client.upgrade(smp_it::versioned_image(1, 6000), smp_it::fast_upgrade());
    ASSERT_TRUE(first) << first.error().message();
    EXPECT_EQ(first->version, "1.0.0");
    const image::StateRead read;
    auto before = client.request(read);
    ASSERT_TRUE(before);
    ASSERT_NE(active(*before), nullptr);
    EXPECT_EQ(active(*before)->version, "1.0.0");

    const Bytes two = smp_it::versioned_image(2, 15000);
    std::vector<UpgradeStep> steps;
    std::uint64_t uploaded = 0;
    auto second = client.upgrade(
        two, smp_it::fast_upgrade(), [&](const UpgradeEvent& e) { steps.push_back(e.step); },
        [&](const UploadProgress& p) { uploaded = p.bytes; });
    ASSERT_TRUE(second) << second.error().message();
    EXPECT_EQ(second->version, "2.0.0");
    EXPECT_EQ(second->upload.match, true);
    EXPECT_EQ(uploaded, two.size());
    EXPECT_EQ(second->hash, mcuboot::parse_mcuboot_image(two)->hash);
    for (auto step :
         {UpgradeStep::check, UpgradeStep::upload, UpgradeStep::mark, UpgradeStep::reset,
          UpgradeStep::reconnect, UpgradeStep::verify, UpgradeStep::confirm, UpgradeStep::done})
        EXPECT_NE(std::find(steps.begin(), steps.end(), step), steps.end()) << to_string(step);

    auto after = client.request(read);
    ASSERT_TRUE(after) << after.error().message();
    const auto* running = active(*after);
    ASSERT_NE(running, nullptr);
    EXPECT_EQ(running->version, "2.0.0");
    EXPECT_TRUE(running->confirmed);
    EXPECT_EQ(running->hash, second->hash);
}

// Test only (confirm_after_verify = false): the routine ends with the new image running
// unconfirmed; on the next reset smpsim's MCUboot model reverts to the old image, as
// MCUboot does with an unconfirmed test image (shared/protocol.md §7).
TEST(ClientUpgrade, TestOnlyLeavesTheImageUnconfirmedAndTheNextResetReverts) {
    StateDir dir;
    smp_it::SmpsimProcess sim({"--udp", "127.0.0.1:0", "--state-dir", dir.path.string()}, 1);
    BlockingClient client(smp_it::sim_udp_options(sim), smp_it::ClientRunner::quiet());
    ASSERT_TRUE(client.connect());
    ASSERT_TRUE(client.upgrade(smp_it::versioned_image(1, 5000), smp_it::fast_upgrade()));

    UpgradeOptions test_only = smp_it::fast_upgrade();
    test_only.confirm_after_verify = false;
    std::vector<UpgradeStep> steps;
    auto upgraded = client.upgrade(smp_it::versioned_image(2, 7000), test_only,
                                   [&](const UpgradeEvent& e) { steps.push_back(e.step); });
    ASSERT_TRUE(upgraded) << upgraded.error().message();
    EXPECT_EQ(upgraded->version, "2.0.0");
    EXPECT_FALSE(upgraded->confirmed);
    EXPECT_EQ(std::find(steps.begin(), steps.end(), UpgradeStep::confirm), steps.end());
    ASSERT_FALSE(steps.empty());
    EXPECT_EQ(steps.back(), UpgradeStep::done);

    const image::StateRead read;
    auto after = client.request(read);
    ASSERT_TRUE(after) << after.error().message();
    ASSERT_NE(active(*after), nullptr);
    EXPECT_EQ(active(*after)->version, "2.0.0");
    EXPECT_FALSE(active(*after)->confirmed);

    // Reset: the device answers, reboots ~250 ms later and MCUboot swaps the old image back.
    ASSERT_TRUE(client.request(os::Reset{}));
    std::string running;
    for (auto deadline = std::chrono::steady_clock::now() + 10s;
         running != "1.0.0" && std::chrono::steady_clock::now() < deadline;) {
        std::this_thread::sleep_for(100ms);
        if (auto state = client.request(read); state && active(*state))
            running = active(*state)->version;
    }
    EXPECT_EQ(running, "1.0.0");
    auto reverted = client.request(read);
    ASSERT_TRUE(reverted) << reverted.error().message();
    ASSERT_NE(active(*reverted), nullptr);
    EXPECT_TRUE(active(*reverted)->confirmed);
}

// Reconnecting every 20 ms, the client reaches the device before its reboot (smpsim, like
// Zephyr, reboots 250 ms after answering the reset): the new image is still pending then,
// so the routine waits for the reboot instead of reporting the old image as a failure.
TEST(ClientUpgrade, ReconnectingBeforeTheRebootWaitsForIt) {
    StateDir dir;
    smp_it::SmpsimProcess sim({"--udp", "127.0.0.1:0", "--state-dir", dir.path.string()}, 1);
    BlockingClient client(smp_it::sim_udp_options(sim), smp_it::ClientRunner::quiet());
    ASSERT_TRUE(client.connect());
    UpgradeOptions eager = smp_it::fast_upgrade();
    eager.reconnect_interval = 20ms;
    std::vector<std::string> messages;
    auto upgraded = client.upgrade(smp_it::versioned_image(3, 4000), eager,
                                   [&](const UpgradeEvent& e) { messages.push_back(e.message); });
    ASSERT_TRUE(upgraded) << upgraded.error().message();
    EXPECT_EQ(upgraded->version, "3.0.0");
    EXPECT_NE(
        std::find(messages.begin(), messages.end(), "the device has not rebooted yet; waiting"),
        messages.end());
}

TEST(ClientUpgrade, BadImageIsRefusedBeforeUpload) {
    smp_it::SmpsimProcess sim({"--udp", "127.0.0.1:0"}, 1);
    BlockingClient client(smp_it::sim_udp_options(sim), smp_it::ClientRunner::quiet());
    ASSERT_TRUE(client.connect());
    Bytes bad = smp_it::versioned_image(2, 4000);
    bad[100] ^= 0xff;  // the hash TLV no longer matches
    std::vector<UpgradeStep> steps;
    auto result = client.upgrade(bad, smp_it::fast_upgrade(),
                                 [&](const UpgradeEvent& e) { steps.push_back(e.step); });
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, make_error_code(Errc::bad_image));
    EXPECT_NE(result.error().detail.find("upgrade failed at check"), std::string::npos)
        << result.error().detail;
    EXPECT_TRUE(steps.empty());  // nothing was reported as started, nothing sent
    const image::StateRead read;
    auto state = client.request(read);
    ASSERT_TRUE(state);
    for (const auto& s : state->images)
        EXPECT_NE(s.version, "2.0.0");
}

// A device that reboots every 15 requests can never take a 30-chunk image: the upgrade must
// fail at the upload step and the device must keep running its confirmed old image.
TEST(ClientUpgrade, ResetMidUploadFailsAtUploadAndKeepsTheOldImage) {
    StateDir dir;
    smp_it::SmpsimProcess sim(
        {"--udp", "127.0.0.1:0", "--state-dir", dir.path.string(), "--reset-after", "15"}, 1);
    BlockingClient client(smp_it::sim_udp_options(sim), smp_it::ClientRunner::quiet());
    ASSERT_TRUE(client.connect());
    auto first = client.upgrade(smp_it::versioned_image(1, 3000),
                                smp_it::fast_upgrade());  // fits between two reboots
    ASSERT_TRUE(first) << first.error().message();

    auto second = client.upgrade(smp_it::versioned_image(2, 60000), smp_it::fast_upgrade());
    ASSERT_FALSE(second);
    EXPECT_NE(second.error().detail.find("upgrade failed at upload"), std::string::npos)
        << second.error().detail;

    ASSERT_TRUE(client.connect());
    const image::StateRead read;
    auto state = client.request(read);
    ASSERT_TRUE(state) << state.error().message();
    const auto* running = active(*state);
    ASSERT_NE(running, nullptr);
    EXPECT_EQ(running->version, "1.0.0");
    EXPECT_TRUE(running->confirmed);
}

}  // namespace
