// MCUboot serial recovery on the emulated mps2: the application resets into the bootloader
// (os reset, boot_mode 1), recovery answers (with MCUmgr params 1024 x 1 on the 27c54835
// builds, encoded and raw framing; without the params command on the 0eae053d builds), and an
// upload writes slot 0 directly, listed by MCUboot with the hash of what was sent. MCUboot
// lists only images it would load: RAM_LOAD at 0x20240000 (the fixtures' README).
#include "real_server_test.hpp"

#include <smp/image/image_builder.hpp>
#include <smp/image/image_file.hpp>
#include <smp/protocol/messages/image.hpp>
#include <smp/protocol/messages/os.hpp>

#include <thread>

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
    const auto original = smp::image::load_image_file(signed_bin.string()).value();
    const auto& header = original.image.header;
    const auto code = smp::ByteView(original.bytes).subspan(header.hdr_size, header.img_size);
    smp::image::ImageBuildOptions options;
    options.version = {2, 0, 0, 0};
    options.header_size = 0x200;
    options.load_addr = ram_load_address;
    options.flags = smp::image::flag_ram_load;
    return smp::image::build_mcuboot_image(code, options).value();
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

    void upload_and_expect_listed(const smp::Bytes& image) {
        const auto sent = smp::image::read_image(image).value();
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

INSTANTIATE_TEST_SUITE_P(Mcuboot, Recovery,
                         ::testing::Values("serial_recovery", "serial_recovery_raw"), config_name);

// The 0eae053d recovery has no params command: only a named buffer fills it.
using RecoveryWithoutParams = RealServerTest;

TEST_P(RecoveryWithoutParams, BufferSizeUploadsWhereTheDeviceSaysNothing) {
    ok(smp::os::Reset{.boot_mode = 1});
    client_.reset();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    ClientSetup setup;
    setup.strategy = smp::serial::BufferSize{.buf_size = 1024};
    setup.timeout = std::chrono::milliseconds(5000);
    reconnect(setup);
    EXPECT_FALSE(client_->params().from_device);
    EXPECT_EQ(client_->params().message_budget, 1020u) << "the named size was not kept";
    const auto image = recovery_image(*server_);
    const auto sent = smp::image::read_image(image).value();
    auto uploaded = client_->upload_image(image);
    ASSERT_TRUE(uploaded) << uploaded.error().message() << "\nserver output:\n"
                          << server_->output();
    const auto state = ok(smp::image::StateRead{});
    ASSERT_FALSE(state.images.empty());
    EXPECT_EQ(state.images.front().hash, sent.image.hash);
}

INSTANTIATE_TEST_SUITE_P(Mcuboot, RecoveryWithoutParams,
                         ::testing::Values("serial_recovery_buf1024"), config_name);

}  // namespace
}  // namespace smp_zephyr
