// SPDX-License-Identifier: Apache-2.0
// End-to-end tests of `smpctl upgrade` against the real smpsim binary: every step, the
// confirm options, power loss and resets mid-upgrade, and the bootloader modes.
#include "smpctl/smpctl_fixture.hpp"

namespace {

using namespace smpctl_test;

// ---- upgrade

TEST_F(SmpctlTest, UpgradeRunsEveryStepAndLeavesTheNewImageConfirmed) {
    install("1.0.0");
    const auto [path, info] = make_image("1.1.0", 40000, 4);
    const auto r = ctl_json({"upgrade", path, "--reset-settle", "0.3"});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto doc = r.doc();
    EXPECT_EQ(doc["status"], "ok");
    EXPECT_EQ(doc["from"]["version"], "1.0.0");
    EXPECT_EQ(doc["to"]["hash"], info["hash"]);
    EXPECT_EQ(doc["running"]["hash"], info["hash"]);
    EXPECT_EQ(doc["confirmed"], true);
    for (const char* step : {"[1/6]", "[2/6]", "[3/6]", "[4/6]", "[5/6]", "[6/6]"})
        EXPECT_NE(r.err.find(step), std::string::npos) << r.err;
    expect_running(info["hash"], true);
}

TEST_F(SmpctlTest, UpgradeConfirmDirectlyMarksThePermanentImageBeforeTheReset) {
    install("1.0.0");
    const auto [path, info] = make_image("1.2.0", 20000, 8);
    const auto r = ctl_json({"upgrade", path, "--confirm-directly", "--reset-settle", "0.3"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("marking the image permanent"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("[6/6]"), std::string::npos) << r.err;  // nothing left to confirm
    expect_running(info["hash"], true);
}

// Test only: the upgrade ends at [5/5] verify and the new image runs unconfirmed (MCUboot
// would revert it on the next reset).
TEST_F(SmpctlTest, UpgradeNoConfirmLeavesTheNewImageRunningUnconfirmed) {
    install("1.0.0");
    const auto [path, info] = make_image("1.3.0", 20000, 9);
    const auto r = ctl_json({"upgrade", path, "--no-confirm", "--reset-settle", "0.3"});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto doc = r.doc();
    EXPECT_EQ(doc["status"], "ok");
    EXPECT_EQ(doc["running"]["hash"], info["hash"]);
    EXPECT_EQ(doc["confirmed"], false);
    EXPECT_NE(r.err.find("[5/5]"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("confirming"), std::string::npos) << r.err;
    expect_running(info["hash"], false);
}

TEST_F(SmpctlTest, UpgradeNoConfirmAndConfirmDirectlyExcludeEachOther) {
    install("1.0.0");
    const auto [path, info] = make_image("1.4.0");
    EXPECT_EQ(ctl({"upgrade", path, "--no-confirm", "--confirm-directly"}).code, 2);
    const auto images = image_list();
    const auto* running = active(images);
    ASSERT_NE(running, nullptr);
    EXPECT_NE((*running)["hash"], info["hash"]);
}

TEST_F(SmpctlTest, UpgradeToTheRunningImageDoesNothing) {
    install("1.0.0");
    const auto [path, info] = make_image("1.0.0");
    const auto r = ctl_json({"upgrade", path});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc()["status"], "already-running");
}

// One power loss mid-upload (smpsim --reset-at-offset fires once): the upload restarts and
// the upgrade still completes.
TEST_F(SmpctlTest, UpgradeSurvivesOnePowerLossMidUpload) {
    install("1.0.0");
    start({"--reset-at-offset", "8000"});
    const auto [path, info] = make_image("2.0.0", 40000, 5);
    const auto r = ctl_json({"--timeout", "0.5", "upgrade", path, "--reset-settle", "0.3"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc()["running"]["hash"], info["hash"]);
}

// A device that keeps resetting (every 15 requests) never takes the upload: exit 8, a
// message saying the old image still runs, and nothing marked for test.
TEST_F(SmpctlTest, UpgradeInterruptedByResetsLeavesTheOldImage) {
    const auto old_hash = install("1.0.0");
    start({"--reset-after", "15"});
    const auto [path, info] = make_image("2.0.0", 40000, 5);
    const auto r = ctl({"--timeout", "0.5", "upgrade", path});
    EXPECT_EQ(r.code, 8) << r.err;
    EXPECT_NE(r.err.find("still runs its old image, version 1.0.0"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("nothing was marked for test"), std::string::npos) << r.err;
    const auto images = image_list();
    const auto* running = active(images);
    ASSERT_NE(running, nullptr);
    EXPECT_EQ((*running)["hash"], old_hash);
    for (const auto& slot : images)
        EXPECT_FALSE(slot["pending"].get<bool>());
}

// A single-slot MCUboot application takes an image only through the bootloader: upgrade says
// so (exit code 11, nothing sent), os bootloader shows why, and --via-bootloader does it.
TEST_F(SmpctlTest, SingleSlotUpgradesOnlyViaTheBootloader) {
    start({"--mcuboot-mode", "single-slot"});
    const auto info = ctl_json({"os", "bootloader"});
    ASSERT_EQ(info.code, 0) << info.err;
    EXPECT_EQ(info.doc()["mode_name"], "single-slot");
    EXPECT_EQ(info.doc()["upgrade_path"], "bootloader-required");
    const auto [path, image] = make_image("2.0.0");
    const auto refused = ctl({"upgrade", path});
    EXPECT_EQ(refused.code, 11) << refused.err;
    EXPECT_NE(refused.err.find("--via-bootloader"), std::string::npos) << refused.err;
    const auto done = ctl_json({"upgrade", path, "--via-bootloader", "--reset-settle", "0.3"});
    ASSERT_EQ(done.code, 0) << done.err;
    EXPECT_EQ(done.doc()["path"], "recovery");
    EXPECT_EQ(done.doc()["verified"], false) << "a single-slot application cannot tell";
    EXPECT_NE(done.err.find("resetting into the bootloader"), std::string::npos) << done.err;
}

// Direct-XIP: the mode is named, no mark for test, and the image runs from slot 1.
TEST_F(SmpctlTest, DirectXipUpgradeTakesTheModesSteps) {
    start({"--mcuboot-mode", "direct-xip"});
    const auto [path, image] = make_image("2.0.0");
    const auto r = ctl_json({"upgrade", path, "--reset-settle", "0.3"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc()["path"], "newest-boots");
    EXPECT_NE(r.err.find("direct-xip"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("marking the image for test"), std::string::npos) << r.err;
    const auto images = image_list();
    const auto* running = active(images);
    ASSERT_NE(running, nullptr);
    EXPECT_EQ((*running)["hash"], image["hash"]);
    EXPECT_EQ((*running)["slot"], 1);
}

TEST_F(SmpctlTest, UpgradeWithATruncatedImageIsRefusedBeforeTouchingTheDevice) {
    const auto old_hash = install("1.0.0");
    const auto [path, info] = make_image("2.0.0", 20000, 6);
    const auto bytes = read_file(path);
    const auto bad = (tmp_.path / "truncated.bin").string();
    std::ofstream(bad, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    const auto r = ctl_json({"upgrade", bad});
    EXPECT_EQ(r.code, 6) << r.err;
    EXPECT_EQ(r.doc()["error"]["exit_code"], 6);
    EXPECT_NE(r.err.find("truncated"), std::string::npos) << r.err;
    EXPECT_EQ((*active(image_list()))["hash"], old_hash);
}

}  // namespace
