// SPDX-License-Identifier: Apache-2.0
// Every typed operation of the public API against a real device (see operations_suite.hpp).
// The expected values are what smp::server answers as a Zephyr 4.x smp_svr would
// (shared/protocol.md §4): they are asserted, not just "no error". Here the fixture, the os
// and image groups; the other groups are in operations_suite_groups.cpp.
#include "operations_suite.hpp"

#include <smp/client/upgrade.hpp>
#include <smp/protocol/messages/custom.hpp>
#include <smp/protocol/messages/enumeration.hpp>
#include <smp/protocol/messages/fs.hpp>
#include <smp/protocol/messages/image.hpp>
#include <smp/protocol/messages/os.hpp>
#include <smp/protocol/messages/settings.hpp>
#include <smp/protocol/messages/shell.hpp>
#include <smp/protocol/messages/stat.hpp>
#include <smp/protocol/messages/zephyr_basic.hpp>

#include <algorithm>
#include <thread>

#include "support/images.hpp"
#include "support/temp_dir.hpp"

namespace smp_it {

using namespace smp;
using namespace std::chrono_literals;

void ClientOperations::SetUp() {
    setup_.state_dir = smp::test::make_temp_dir("smp-ops-");
    try {
        device_ = GetParam().start(setup_);
    } catch (const LinkUnavailable& e) {
        GTEST_SKIP() << e.what();
    }
    reconnect();
}

void ClientOperations::TearDown() {
    client_.reset();
    device_ = {};
    smp::test::remove_temp_dir(setup_.state_dir);
}

void ClientOperations::reconnect() {
    client_.reset();
    // A rebooting device (or a BLE link it took down) may refuse a few attempts.
    for (int attempt = 0; attempt < 20; ++attempt) {
        client_ = std::make_unique<ClientRunner>(device_.factory, GetParam().options,
                                                 GetParam().drain_limit);
        auto connected = client_->run(client_->client.connect());
        if (connected)
            return;
        client_.reset();
        std::this_thread::sleep_for(100ms);
    }
    FAIL() << "the device did not come back";
}

Result<UploadResult> ClientOperations::upload(const Bytes& image) {
    UploadOptions options;
    options.chunk_timeout = 1000ms;
    return client_->run(client_->client.upload_image(image, options));
}

namespace {

const image::ImageSlotState* find_slot(const image::StateResponse& state, std::uint32_t slot) {
    const auto it = std::find_if(state.images.begin(), state.images.end(),
                                 [&](const auto& s) { return s.slot == slot; });
    return it == state.images.end() ? nullptr : &*it;
}

using smp::test::image_hash;

}  // namespace

// --- OS group (0) ---------------------------------------------------------------------------

TEST_P(ClientOperations, OsEcho) {
    const os::Echo hi{.d = "hello over " + GetParam().name};
    auto echo = call(hi);
    ASSERT_TRUE(echo) << echo.error().message();
    EXPECT_EQ(echo->r, hi.d);
}

// Zephyr has no console echo control (ENOTSUP); only MCUboot answers it.
TEST_P(ClientOperations, OsConsoleEchoOnAndOffIsNotSupported) {
    expect_device_error(call(os::ConsoleEcho{.echo = 1}), make_error_code(Rc::not_supported));
    expect_device_error(call(os::ConsoleEcho{.echo = 0}), make_error_code(Rc::not_supported));
}

TEST_P(ClientOperations, OsTaskStats) {
    auto stats = call(os::TaskStats{});
    ASSERT_TRUE(stats) << stats.error().message();
    ASSERT_TRUE(stats->tasks.contains("idle"));
    ASSERT_TRUE(stats->tasks.contains("main"));
    EXPECT_EQ(stats->tasks.at("idle").prio, 15);
    for (const auto& [name, task] : stats->tasks) {
        ASSERT_TRUE(task.stksiz && task.stkuse) << name;
        EXPECT_LE(*task.stkuse, *task.stksiz) << name;
    }
}

TEST_P(ClientOperations, OsMemoryPoolStats) {
    auto pools = call(os::MemoryPoolStats{});
    ASSERT_TRUE(pools) << pools.error().message();
    ASSERT_TRUE(pools->pools.contains("system_heap"));
    const auto& heap = pools->pools.at("system_heap");
    EXPECT_EQ(heap.blksiz, 4u);
    EXPECT_GT(heap.nblks, 0u);
    EXPECT_LE(heap.nfree, heap.nblks);
}

TEST_P(ClientOperations, OsDateTimeGetSetGet) {
    // A device whose RTC was never set says so (os_mgmt.c: OS_MGMT_ERR_RTC_NOT_SET).
    expect_device_error(call(os::DateTimeGet{}), make_error_code(OsError::rtc_not_set));
    ASSERT_TRUE(call(os::DateTimeSet{.datetime = "2025-06-01T12:34:50"}));
    auto now = call(os::DateTimeGet{});
    ASSERT_TRUE(now) << now.error().message();
    // The clock runs on from the value set: same minute unless ten seconds passed.
    EXPECT_EQ(now->datetime.substr(0, 17), "2025-06-01T12:34:") << now->datetime;
    expect_device_error(call(os::DateTimeSet{.datetime = "2025-13-01T00:00:00"}),
                        make_error_code(Rc::invalid_value));
}

// The device answers, reboots 250 ms later (RAM state such as the RTC is lost) and answers
// again: a new client finds it with the clock unset.
TEST_P(ClientOperations, OsResetWithForceAndBootModeRebootsTheDevice) {
    ASSERT_TRUE(call(os::DateTimeSet{.datetime = "2025-06-01T12:00:00"}));
    auto reset = call(os::Reset{.force = true, .boot_mode = 0});
    ASSERT_TRUE(reset) << reset.error().message();
    bool rebooted = false;
    for (int attempt = 0; attempt < 30 && !rebooted; ++attempt) {
        reconnect();
        ASSERT_TRUE(client_);
        auto now = call(os::DateTimeGet{});
        rebooted = !now && now.error().code == make_error_code(OsError::rtc_not_set);
        if (!rebooted)
            std::this_thread::sleep_for(50ms);
    }
    EXPECT_TRUE(rebooted) << "the RTC survived the reset";
    auto echo = call(os::Echo{.d = "back"});
    ASSERT_TRUE(echo) << echo.error().message();
    EXPECT_EQ(echo->r, "back");
}

TEST_P(ClientOperations, OsMcumgrParams) {
    auto params = call(os::McumgrParams{});
    ASSERT_TRUE(params) << params.error().message();
    EXPECT_EQ(params->buf_size, setup_.buf_size);
    EXPECT_EQ(params->buf_count, setup_.buf_count);
    EXPECT_TRUE(client_->client.params().from_device);
    EXPECT_EQ(client_->client.params().buf_size, setup_.buf_size);
}

TEST_P(ClientOperations, OsApplicationInfo) {
    auto kernel = call(os::Info{});
    ASSERT_TRUE(kernel) << kernel.error().message();
    EXPECT_EQ(kernel->output, "Zephyr");  // "s" by default
    auto some = call(os::Info{.format = "snr"});
    ASSERT_TRUE(some) << some.error().message();
    EXPECT_EQ(some->output, "Zephyr smpsim v4.4.0");
    auto all = call(os::Info{.format = "a"});
    ASSERT_TRUE(all) << all.error().message();
    EXPECT_EQ(all->output.rfind("Zephyr smpsim v4.4.0 4.4.0 ", 0), 0u) << all->output;
    expect_device_error(call(os::Info{.format = "q"}), make_error_code(OsError::invalid_format));
}

TEST_P(ClientOperations, OsBootloaderInfo) {
    auto name = call(os::BootloaderInfo{});
    ASSERT_TRUE(name) << name.error().message();
    EXPECT_EQ(name->bootloader, "MCUboot");
    auto mode = call(os::BootloaderInfo{.query = "mode"});
    ASSERT_TRUE(mode) << mode.error().message();
    EXPECT_EQ(mode->mode, static_cast<std::int64_t>(os::McubootMode::swap_using_move));
    expect_device_error(call(os::BootloaderInfo{.query = "colour"}),
                        make_error_code(OsError::query_yields_no_answer));
}

// --- Image group (1) ------------------------------------------------------------------------

TEST_P(ClientOperations, ImageUploadThenStateReadShowsItInTheSecondarySlot) {
    auto before = call(image::StateRead{});
    ASSERT_TRUE(before) << before.error().message();
    EXPECT_EQ(find_slot(*before, 1), nullptr);

    const Bytes img = test_image(6000);
    auto uploaded = upload(img);
    ASSERT_TRUE(uploaded) << uploaded.error().message();
    EXPECT_EQ(uploaded->match, std::optional(true));

    auto after = call(image::StateRead{});
    ASSERT_TRUE(after) << after.error().message();
    const auto* slot = find_slot(*after, 1);
    ASSERT_NE(slot, nullptr);
    EXPECT_EQ(slot->hash, image_hash(img));
    EXPECT_EQ(slot->version, "0.0.0");
    EXPECT_TRUE(slot->bootable);
    EXPECT_FALSE(slot->pending);
    EXPECT_FALSE(slot->active);
}

TEST_P(ClientOperations, ImageTestMarksTheUploadPending) {
    const Bytes img = test_image(5000, 3);
    ASSERT_TRUE(upload(img));
    auto state = call(image::StateWrite{.hash = image_hash(img), .confirm = false});
    ASSERT_TRUE(state) << state.error().message();
    const auto* slot = find_slot(*state, 1);
    ASSERT_NE(slot, nullptr);
    EXPECT_TRUE(slot->pending);
    EXPECT_FALSE(slot->permanent);
    expect_device_error(call(image::StateWrite{.hash = Bytes(32, 0xEE), .confirm = false}),
                        make_error_code(ImageError::hash_not_found));
}

TEST_P(ClientOperations, ImageConfirmMarksTheUploadPermanent) {
    const Bytes img = test_image(5000, 5);
    ASSERT_TRUE(upload(img));
    auto state = call(image::StateWrite{.hash = image_hash(img), .confirm = true});
    ASSERT_TRUE(state) << state.error().message();
    const auto* slot = find_slot(*state, 1);
    ASSERT_NE(slot, nullptr);
    EXPECT_TRUE(slot->pending);
    EXPECT_TRUE(slot->permanent);
    // A test request for an image already pending permanently is refused.
    expect_device_error(call(image::StateWrite{.hash = image_hash(img), .confirm = false}),
                        make_error_code(ImageError::image_already_pending));
}

// The whole test-then-confirm cycle: a reset swaps the tested image in (MCUboot swap), it
// runs unconfirmed, and confirming the running image (no hash) makes it stay.
TEST_P(ClientOperations, ImageTestResetThenConfirmTheRunningImage) {
    const Bytes img = test_image(5000, 9);
    ASSERT_TRUE(upload(img));
    ASSERT_TRUE(call(image::StateWrite{.hash = image_hash(img), .confirm = false}));
    ASSERT_TRUE(call(os::Reset{}));
    const image::ImageSlotState* running = nullptr;
    image::StateResponse state;
    for (int attempt = 0; attempt < 30 && !(running && running->hash == image_hash(img));
         ++attempt) {
        std::this_thread::sleep_for(50ms);
        reconnect();
        ASSERT_TRUE(client_);
        auto read = call(image::StateRead{});
        ASSERT_TRUE(read) << read.error().message();
        state = *read;
        running = find_slot(state, 0);
    }
    ASSERT_NE(running, nullptr);
    EXPECT_EQ(running->hash, image_hash(img));
    EXPECT_TRUE(running->active);
    EXPECT_FALSE(running->confirmed);

    auto confirmed = call(image::StateWrite{.confirm = true});
    ASSERT_TRUE(confirmed) << confirmed.error().message();
    const auto* slot0 = find_slot(*confirmed, 0);
    ASSERT_NE(slot0, nullptr);
    EXPECT_TRUE(slot0->confirmed);
}

// The upgrade routine (upload, mark for test, reset, reconnect, verify, confirm) over this
// link: the new image ends up running and confirmed.
TEST_P(ClientOperations, UpgradeRunsAndConfirmsTheNewImage) {
    Bytes payload(4000, 0x5A);
    const Bytes img = smp::test::mcuboot_image(
        payload, mcuboot::ImageBuildOptions{.version = {.major = 1, .minor = 2, .revision = 3}});
    UpgradeOptions options;
    options.upload.chunk_timeout = 1000ms;
    options.reconnect_timeout = 10000ms;
    // reconnect_interval stays at its default (500 ms): the routine reconnects after one
    // interval, and a device still answering before its reboot (Zephyr resets 250 ms after
    // answering, CONFIG_MCUMGR_GRP_OS_RESET_MS) would be verified too early.
    auto upgraded = client_->run(upgrade(client_->client, img, options));
    ASSERT_TRUE(upgraded) << upgraded.error().message();
    EXPECT_EQ(upgraded->version, "1.2.3");
    EXPECT_EQ(upgraded->hash, image_hash(img));

    auto state = call(image::StateRead{});
    ASSERT_TRUE(state) << state.error().message();
    const auto* running = find_slot(*state, 0);
    ASSERT_NE(running, nullptr);
    EXPECT_EQ(running->hash, image_hash(img));
    EXPECT_TRUE(running->active);
    EXPECT_TRUE(running->confirmed);
}

TEST_P(ClientOperations, ImageEraseEmptiesTheSecondarySlot) {
    const Bytes img = test_image(5000, 7);
    ASSERT_TRUE(upload(img));
    ASSERT_TRUE(call(image::Erase{.slot = 1}));
    auto state = call(image::StateRead{});
    ASSERT_TRUE(state) << state.error().message();
    EXPECT_EQ(find_slot(*state, 1), nullptr);
    expect_device_error(call(image::Erase{.slot = 7}), make_error_code(ImageError::invalid_slot));
}

TEST_P(ClientOperations, ImageSlotInfo) {
    auto info = call(image::SlotInfo{});
    ASSERT_TRUE(info) << info.error().message();
    ASSERT_EQ(info->images.size(), 1u);
    EXPECT_EQ(info->images[0].image, 0u);
    ASSERT_EQ(info->images[0].slots.size(), 2u);
    EXPECT_EQ(info->images[0].slots[0].slot, 0u);
    EXPECT_EQ(info->images[0].slots[1].slot, 1u);
    EXPECT_EQ(info->images[0].slots[1].size, 256u * 1024u);  // DeviceConfig::slot_size
}

}  // namespace smp_it
