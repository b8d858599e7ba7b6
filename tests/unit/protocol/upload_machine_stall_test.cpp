// SPDX-License-Identifier: Apache-2.0
// The upload machine never waits with nothing in flight (found by the UDP and serial soaks):
// an answer whose "off" was damaged on the way (a flipped bit on an emulated UDP link) made
// the machine believe the device was further than it was; the device's true, lower offset
// was then ignored as an "older answer", nothing was left to send and no timer was armed,
// and the upload waited forever. Now the device's word wins when no other answer is due.
#include <smp/protocol/upload/upload_machine.hpp>

#include <gtest/gtest.h>

namespace {

using namespace smp;
using namespace smp::upload;
namespace act = smp::upload::upload_action;

struct Sent {
    RequestId id = 0;
    std::uint64_t off = 0;
};

std::vector<Sent> sends(const UploadActions& actions) {
    std::vector<Sent> out;
    for (const auto& a : actions)
        if (auto* s = std::get_if<act::Send>(&a))
            out.push_back({s->id, s->offset});
    return out;
}

bool done(const UploadActions& actions) {
    for (const auto& a : actions)
        if (std::get_if<act::Done>(&a))
            return true;
    return false;
}

Result<image::UploadResponse> off(std::uint64_t o, std::optional<bool> match = {}) {
    return image::UploadResponse{.off = o, .match = match};
}

class UploadMachineStall : public ::testing::Test {
  protected:
    void SetUp() override {
        image_.assign(3000, 0x5a);
        params_.message_budget = 1200;
        params_.window = 1;
    }
    Bytes image_;
    UploadParams params_;
    UploadMachine m_;
};

TEST_F(UploadMachineStall, AnAnswerFromBehindIsFollowedWhenNothingElseIsInFlight) {
    auto first = sends(m_.start(image_, Bytes(32, 1), params_));
    ASSERT_EQ(first.size(), 1u);
    auto next = sends(m_.on_response(first[0].id, off(1000)));
    ASSERT_EQ(next.size(), 1u);
    ASSERT_EQ(next[0].off, 1000u);
    // The answer to the chunk at 1000 arrives with "off" damaged to 2900: the machine sends
    // from there (the only chunk that follows).
    auto after_damage = sends(m_.on_response(next[0].id, off(2900)));
    ASSERT_EQ(after_damage.size(), 1u);
    EXPECT_EQ(after_damage[0].off, 2900u);
    // The device, which really expects 1000, says so: the machine must go back there, not
    // wait for nothing.
    auto back = m_.on_response(after_damage[0].id, off(1000));
    EXPECT_FALSE(done(back));
    auto resent = sends(back);
    ASSERT_EQ(resent.size(), 1u);
    EXPECT_EQ(resent[0].off, 1000u);
    EXPECT_EQ(m_.in_flight(), 1u);
    EXPECT_EQ(m_.acked(), 1000u);
}

TEST_F(UploadMachineStall, EveryAnswerOrTimeoutLeavesARequestInFlightUntilDone) {
    // Feed a sequence of answers, each possibly damaged or stale; after each step either the
    // upload is finished or something is in flight (a timer is armed).
    const std::vector<std::uint64_t> device_says{1000, 2900, 1000, 1000, 2100, 2100, 3000};
    auto pending = sends(m_.start(image_, Bytes(32, 1), params_));
    for (auto said : device_says) {
        ASSERT_FALSE(pending.empty());
        auto actions = m_.on_response(
            pending.back().id, off(said, said == 3000 ? std::optional<bool>(true) : std::nullopt));
        if (m_.finished())
            break;
        EXPECT_GT(m_.in_flight(), 0u) << "after the device said " << said;
        auto s = sends(actions);
        if (!s.empty())
            pending = s;
    }
    EXPECT_TRUE(m_.finished());
}

TEST_F(UploadMachineStall, ATimeoutOfAChunkTheDeviceHasStillKeepsSomethingInFlight) {
    params_.window = 2;
    auto first = sends(m_.start(image_, Bytes(32, 1), params_));
    auto two = sends(m_.on_response(first[0].id, off(1000)));
    ASSERT_EQ(two.size(), 2u);
    // The second chunk's answer (damaged) claims the end is near; the first then times out.
    (void)m_.on_response(two[1].id, off(2950));
    auto actions = m_.on_timeout(two[0].id);
    EXPECT_TRUE(m_.finished() || m_.in_flight() > 0u);
    (void)actions;
}

}  // namespace
