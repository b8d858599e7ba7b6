// SPDX-License-Identifier: Apache-2.0
// MCUboot serial recovery on the emulated mps2: the application resets into the bootloader
// (os reset, boot_mode 1), recovery answers (with MCUmgr params 1024 x 1 on the 27c54835
// builds, encoded and raw framing; without the params command on the 0eae053d builds), and an
// upload writes slot 0 directly, listed by MCUboot with the hash of what was sent. MCUboot
// lists only images it would load: RAM_LOAD at 0x20240000 (the fixtures' README).
#include "real_server_test.hpp"

#include <smp/client/device_info.hpp>
#include <smp/detail/asio_compat.hpp>
#include <smp/mcuboot/image_builder.hpp>
#include <smp/mcuboot/image_file.hpp>
#include <smp/protocol/messages/image.hpp>
#include <smp/protocol/messages/os.hpp>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>

#include <chrono>
#include <cstdio>
#include <functional>
#include <optional>
#include <thread>
#include <vector>

namespace smp_zephyr {
namespace {

constexpr std::uint32_t ram_load_address = 0x20240000;  // the fixtures' README

// An image MCUboot accepts in the RAM-load slot, made as the fixtures' README says: the
// fixture's own application code (after its 0x200-byte header) in a new image of version
// 2.0.0 with the RAM_LOAD flag and load address. MCUboot recovery does not list a
// synthetic image with a valid hash but other code (measured: a 10 KiB random payload is
// "complete" yet never listed), so the payload must be the real application.
smp::Bytes recovery_image(const ZephyrServer& server) {
    const auto signed_bin = server.workdir() / server.spec().files().back();
    const auto original = smp::mcuboot::load_image_file(signed_bin.string()).value();
    const auto& header = original.image.header;
    const auto code = smp::ByteView(original.bytes).subspan(header.hdr_size, header.img_size);
    smp::mcuboot::ImageBuildOptions options;
    options.version = {2, 0, 0, 0};
    options.header_size = 0x200;
    options.load_addr = ram_load_address;
    options.flags = smp::mcuboot::flag_ram_load;
    return smp::mcuboot::build_mcuboot_image(code, options).value();
}

class Recovery : public RealServerTest {
  protected:
    // The app resets into MCUboot; the client reconnects to recovery with `strategy`.
    void enter_recovery(smp::serial::Fragmentation strategy) {
        ok(smp::os::Reset{.boot_mode = 1});
        client_.reset();
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        ClientSetup setup;
        setup.strategy = strategy;
        setup.timeout = std::chrono::milliseconds(5000);
        reconnect(setup);
    }

    smp::DeviceInfo run_identify() {
        smp::DeviceInfo info;
        asio::io_context io;
        auto client = std::make_unique<smp::Client>(
            io.get_executor(), transport_for(*server_, setup_)(io.get_executor()));
        client_.reset();  // the TCP UART takes one client at a time
        bool done = false;
        asio::co_spawn(
            io,
            [&]() -> asio::awaitable<void> {
                auto connected = co_await client->connect();
                EXPECT_TRUE(connected) << connected.error().message();
                auto identified = co_await smp::identify(*client);
                EXPECT_TRUE(identified) << identified.error().message();
                if (identified)
                    info = *identified;
                client->close();
                done = true;
            },
            asio::detached);
        io.run_for(std::chrono::seconds(30));
        EXPECT_TRUE(done);
        reconnect(setup_);
        return info;
    }

    void upload_and_expect_listed(const smp::Bytes& image) {
        const auto sent = smp::mcuboot::read_image(image).value();
        auto uploaded = client_->upload_image(image);
        ASSERT_TRUE(uploaded) << uploaded.error().message() << "\nserver output:\n"
                              << server_->output();
        const auto state = ok(smp::image::StateRead{});
        ASSERT_FALSE(state.images.empty()) << "recovery lists no image after the upload";
        EXPECT_EQ(state.images.front().slot, 0u);
        EXPECT_EQ(state.images.front().hash, sent.image.hash);
        EXPECT_EQ(state.images.front().version, "2.0.0");
    }
};

TEST_P(Recovery, RecoveryAnswersParamsAndTakesAnUploadWithAuto) {
    enter_recovery(smp::serial::Auto{});
    // Recovery is MCUboot, not the app: its params are its own receive buffer.
    const auto params = ok(smp::os::McumgrParams{});
    EXPECT_EQ(params.buf_size, spec().recovery_buf_size.value());
    EXPECT_EQ(params.buf_count, 1u);
    EXPECT_EQ(client_->params().message_budget, spec().recovery_buf_size.value() - 4);
    upload_and_expect_listed(recovery_image(*server_));
}

TEST_P(Recovery, RecoveryTakesAnUploadWithBufferSize) {
    enter_recovery(smp::serial::BufferSize{.buf_size = 1024});
    EXPECT_EQ(client_->params().message_budget, 1020u);
    upload_and_expect_listed(recovery_image(*server_));
}

TEST_P(Recovery, RecoveryListsTheRunningImageWithoutFlagsAndLeavesOnReset) {
    enter_recovery(smp::serial::Auto{});
    const auto state = ok(smp::image::StateRead{});
    ASSERT_EQ(state.images.size(), 1u);
    EXPECT_EQ(state.images[0].slot, 0u);
    EXPECT_FALSE(state.images[0].active);  // recovery sends no flags
    EXPECT_FALSE(state.images[0].confirmed);
    ok(smp::os::Reset{});
    client_.reset();
    reconnect();
    // Back in the application: its params are the app's, not recovery's.
    EXPECT_EQ(ok(smp::os::McumgrParams{}).buf_size, spec().buf_size);
}

TEST_P(Recovery, TheClientTellsTheApplicationFromTheBootloader) {
    auto app = run_identify();
    EXPECT_EQ(app.kind, smp::DeviceKind::application);
    ASSERT_NE(app.running(), nullptr);
    EXPECT_TRUE(app.running()->confirmed);
    EXPECT_FALSE(app.bootloader) << "smp_svr answers no bootloader info";
    enter_recovery(smp::serial::Auto{});
    auto recovery = run_identify();
    EXPECT_EQ(recovery.kind, smp::DeviceKind::mcuboot_recovery);
    EXPECT_EQ(recovery.running(), nullptr);
    EXPECT_EQ(recovery.slots.size(), 1u);
}

// An image MCUboot refuses (valid hash, RAM_LOAD flag and address, but not the application's
// code: measured, recovery reports it complete and never lists it) fails once, with its own
// error, and is not uploaded again.
TEST_P(Recovery, ARefusedImageFailsOnceWithItsOwnError) {
    enter_recovery(smp::serial::Auto{});
    smp::mcuboot::ImageBuildOptions options;
    options.version = {2, 0, 0, 0};
    options.header_size = 0x200;
    options.load_addr = ram_load_address;
    options.flags = smp::mcuboot::flag_ram_load;
    const auto refused =
        smp::mcuboot::build_mcuboot_image(patterned_bytes(6 * 1024), options).value();
    std::uint64_t last = 0;
    unsigned restarts = 0;
    auto uploaded = client_->upload_image(refused, {}, [&](const smp::UploadProgress& p) {
        if (p.bytes < last)
            ++restarts;
        last = p.bytes;
    });
    ASSERT_FALSE(uploaded) << "MCUboot listed a synthetic image";
    EXPECT_EQ(uploaded.error().code, smp::Errc::image_refused) << uploaded.error().message();
    EXPECT_NE(uploaded.error().detail.find("cannot help"), std::string::npos);
    EXPECT_EQ(restarts, 0u) << "the refused image was uploaded again";
    EXPECT_EQ(last, refused.size());
}

// The upgrade routine in recovery: upload to slot 0, no mark for test, reset out of the
// bootloader, and a plain account of what runs then. QEMU loads the fixture's original image
// again at every reset, so the device runs the original: the routine must say so.
TEST_P(Recovery, UpgradeTakesTheRecoveryPathAndSaysWhatRunsAfterwards) {
    enter_recovery(smp::serial::Auto{});
    const auto image = recovery_image(*server_);
    std::vector<smp::UpgradeEvent> steps;
    auto upgraded =
        client_->upgrade(image, {}, [&](const smp::UpgradeEvent& e) { steps.push_back(e); });
    for (const auto& e : steps)
        EXPECT_NE(e.step, smp::UpgradeStep::mark) << "marked for test in recovery: " << e.message;
    ASSERT_FALSE(upgraded) << "the emulator booted the new image";
    EXPECT_EQ(upgraded.error().code, smp::Errc::image_mismatch) << upgraded.error().message();
    const auto original =
        smp::mcuboot::load_image_file((server_->workdir() / spec().files().back()).string())
            .value();
    EXPECT_NE(upgraded.error().detail.find(smp::to_hex(original.image.hash)), std::string::npos)
        << "the message does not name the image that runs: " << upgraded.error().detail;
    EXPECT_NE(upgraded.error().detail.find("booted another image"), std::string::npos)
        << upgraded.error().detail;
}

// From the running application: `upgrade` with via_bootloader resets it into recovery
// (boot_mode 1), uploads to slot 0 there and resets back; no mark for test on the way.
TEST_P(Recovery, UpgradeViaBootloaderStartsFromTheApplication) {
    const auto image = recovery_image(*server_);
    std::vector<smp::UpgradeEvent> steps;
    smp::UpgradeOptions options;
    options.via_bootloader = true;
    auto upgraded =
        client_->upgrade(image, options, [&](const smp::UpgradeEvent& e) { steps.push_back(e); });
    bool entered = false;
    for (const auto& e : steps) {
        EXPECT_NE(e.step, smp::UpgradeStep::mark) << "marked for test: " << e.message;
        entered = entered || e.message.find("MCUboot serial recovery answers") != std::string::npos;
    }
    EXPECT_TRUE(entered) << "the routine never reached recovery";
    ASSERT_FALSE(upgraded) << "the emulator booted the new image";
    EXPECT_EQ(upgraded.error().code, smp::Errc::image_mismatch) << upgraded.error().message();
    EXPECT_NE(upgraded.error().detail.find("booted another image"), std::string::npos)
        << upgraded.error().detail;
    // Back in the application, which answers its own params again.
    EXPECT_EQ(ok(smp::os::McumgrParams{}).buf_size, spec().buf_size);
}

INSTANTIATE_TEST_SUITE_P(Mcuboot, Recovery,
                         ::testing::Values("serial_recovery", "serial_recovery_raw"), config_name);

// The 0eae053d recovery has no params command: a named buffer fills it, and so does the size
// identify() finds by probing. Each test prints how long its upload took (the closing note
// compares them); the times are printed, never asserted.
class RecoveryWithoutParams : public RealServerTest {
  protected:
    void enter_recovery(std::optional<smp::serial::Fragmentation> strategy) {
        ok(smp::os::Reset{.boot_mode = 1});
        client_.reset();
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        ClientSetup setup;
        if (strategy)
            setup.strategy = *strategy;
        setup.timeout = std::chrono::milliseconds(5000);
        reconnect(setup);
        EXPECT_FALSE(client_->params().from_device);
    }

    // `before_upload` runs inside the timed span (the probe belongs to the default's cost).
    void timed_upload_is_listed(const char* what, const std::function<void()>& before_upload) {
        const auto image = recovery_image(*server_);
        const auto sent = smp::mcuboot::read_image(image).value();
        const auto started = std::chrono::steady_clock::now();
        before_upload();
        auto uploaded = client_->upload_image(image);
        ASSERT_TRUE(uploaded) << uploaded.error().message() << "\nserver output:\n"
                              << server_->output();
        const auto elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
        std::printf("%s, %zu bytes: %.1f s\n", what, image.size(), elapsed.count());
        RecordProperty("elapsed_ms", static_cast<int>(elapsed.count() * 1000));
        const auto state = ok(smp::image::StateRead{});
        ASSERT_FALSE(state.images.empty());
        EXPECT_EQ(state.images.front().hash, sent.image.hash);
    }
};

TEST_P(RecoveryWithoutParams, BufferSizeUploadsWhereTheDeviceSaysNothing) {
    enter_recovery(smp::serial::BufferSize{.buf_size = 1024});
    EXPECT_EQ(client_->params().message_budget, 1020u) << "the named size was not kept";
    timed_upload_is_listed("upload with buffer-size=1024", [] {});
}

// Without params and without a named size, identify() finds the receive buffer (a padded
// image list read of 1020 bytes is answered) and the upload uses it.
TEST_P(RecoveryWithoutParams, AutoFindsTheReceiveBufferByProbing) {
    enter_recovery(std::nullopt);
    EXPECT_LT(client_->params().message_budget, 1020u) << "connect() alone cannot know the size";
    timed_upload_is_listed("identify (probe) and upload with the default strategy", [&] {
        const auto info = client_->identify();
        ASSERT_TRUE(info) << info.error().message();
        EXPECT_EQ(info->kind, smp::DeviceKind::mcuboot_recovery);
        EXPECT_EQ(info->found_buffer_size, std::optional<std::size_t>{1024});
        EXPECT_EQ(client_->params().message_budget, 1020u);
    });
}

INSTANTIATE_TEST_SUITE_P(Mcuboot, RecoveryWithoutParams,
                         ::testing::Values("serial_recovery_buf1024"), config_name);

}  // namespace
}  // namespace smp_zephyr
