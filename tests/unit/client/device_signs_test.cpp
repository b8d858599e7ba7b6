// SPDX-License-Identifier: Apache-2.0
// "Is this MCUboot serial recovery?": classify_device decides it alone, from all the signs.
#include <smp/client/device_info.hpp>

#include <gtest/gtest.h>

namespace {

using smp::classify_device;
using smp::DeviceKind;

// The signs, one at a time: the decision is classify_device's alone.
TEST(ClassifyDevice, FromTheStrongestSignDown) {
    using enum DeviceKind;
    EXPECT_EQ(classify_device({.buf_count = 4, .listed_slots = 1, .active_slot = false}),
              application)
        << "pooled buffers: an application without a running image (issue 31)";
    EXPECT_EQ(classify_device({.buf_count = 1, .listed_slots = 1, .active_slot = true}),
              mcuboot_recovery);
    EXPECT_EQ(classify_device({.bootloader_info = true, .listed_slots = 1}), application);
    EXPECT_EQ(classify_device({.listed_slots = 1, .active_slot = false}), mcuboot_recovery);
    EXPECT_EQ(classify_device({.listed_slots = 1, .active_slot = true}), std::nullopt);
    EXPECT_EQ(classify_device({}), std::nullopt);
    EXPECT_EQ(classify_device({.echo = true}), application);
    EXPECT_EQ(classify_device({.echo = false}), mcuboot_recovery);
    EXPECT_EQ(classify_device({.listed_slots = 2, .active_slot = false, .echo = true}),
              mcuboot_recovery)
        << "recovery built with echo still lists no active slot";
}

}  // namespace
