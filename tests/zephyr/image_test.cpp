// SPDX-License-Identifier: Apache-2.0
// The image group of a real Zephyr 4.4 application with MCUboot (mps2-an385 under QEMU, its
// UART on TCP), at buf 400, 512, 1024 and 2048: the list shows the running image with the hash
// of the fixture's own signed image; an upload lands in slot 1 with the hash of what was sent;
// erase empties slot 1 again.
#include "real_server_test.hpp"

#include <smp/mcuboot/image_builder.hpp>
#include <smp/mcuboot/image_file.hpp>
#include <smp/protocol/messages/image.hpp>

namespace smp_zephyr {
namespace {

const smp::image::ImageSlotState* find_slot(const smp::image::StateResponse& state,
                                            std::uint32_t slot) {
    for (const auto& s : state.images)
        if (s.slot == slot && s.image.value_or(0) == 0)
            return &s;
    return nullptr;
}

using Mps2Image = RealServerTest;

TEST_P(Mps2Image, ListShowsTheFixturesRunningImage) {
    const auto signed_bin = spec().files().back();  // the loader's .signed.bin
    const auto file = smp::mcuboot::load_image_file((server_->workdir() / signed_bin).string());
    ASSERT_TRUE(file) << file.error().message();
    const auto state = ok(smp::image::StateRead{});
    const auto* running = find_slot(state, 0);
    ASSERT_NE(running, nullptr);
    EXPECT_EQ(running->hash, file->image.hash);
    EXPECT_EQ(running->version, file->image.version_string());
    EXPECT_TRUE(running->active);
    EXPECT_TRUE(running->confirmed);
    EXPECT_TRUE(running->bootable);
    EXPECT_EQ(find_slot(state, 1), nullptr) << "slot 1 is not empty at boot";
}

TEST_P(Mps2Image, UploadLandsInSlotOneWithItsHashAndEraseRemovesIt) {
    smp::mcuboot::ImageBuildOptions options;
    options.version = {1, 2, 3, 4};
    const auto image =
        smp::mcuboot::build_mcuboot_image(patterned_bytes(12 * 1024, 31), options).value();
    const auto built = smp::mcuboot::read_image(image).value();
    auto uploaded = client_->upload_image(image);
    ASSERT_TRUE(uploaded) << uploaded.error().message() << "\nserver output:\n"
                          << server_->output();
    EXPECT_EQ(uploaded->match.value_or(true), true);
    const auto after = ok(smp::image::StateRead{});
    const auto* slot1 = find_slot(after, 1);
    ASSERT_NE(slot1, nullptr) << "the upload is not listed";
    EXPECT_EQ(slot1->hash, built.image.hash);
    EXPECT_EQ(slot1->version, "1.2.3.4");
    EXPECT_FALSE(slot1->pending);
    EXPECT_FALSE(slot1->active);

    ok(smp::image::Erase{.slot = 1});
    EXPECT_EQ(find_slot(ok(smp::image::StateRead{}), 1), nullptr) << "slot 1 survived erase";
}

INSTANTIATE_TEST_SUITE_P(Mps2, Mps2Image,
                         ::testing::Values("serial_recovery_buf400", "serial_recovery_buf512",
                                           "serial_recovery_buf1024", "serial_recovery_buf2048"),
                         config_name);

}  // namespace
}  // namespace smp_zephyr
