// SPDX-License-Identifier: Apache-2.0
// The upload machine's tail loss probe (RFC 8985): when no answer has come for twice the
// smoothed round trip, one chunk goes beyond the window, and the device's answer to it (the
// offset it expects, protocol.md 6) shows a lost chunk one round trip after the stall
// instead of at the chunk's timeout. Found on the real mps2 buf 1024 app: at window 1 a lost
// request cost its whole 2 s timeout, a fifth of a 9.6 s upload.
#include <smp/protocol/upload/upload_machine.hpp>

#include <gtest/gtest.h>

#include <optional>

namespace {

using namespace smp;
using namespace smp::upload;
using namespace std::chrono_literals;
namespace act = smp::upload::upload_action;

struct Sent {
    RequestId id = 0;
    std::uint64_t off = 0;
    std::uint64_t end = 0;
};

struct Actions {
    std::vector<Sent> sends;
    std::vector<RequestId> cancels;
    std::optional<UploadTime> wake;

    explicit Actions(const UploadActions& actions) {
        for (const auto& a : actions) {
            if (auto* s = std::get_if<act::Send>(&a)) {
                const auto chunk = decode_payload<image::Upload>(s->payload);
                EXPECT_TRUE(chunk.has_value());
                sends.push_back({s->id, s->offset, s->offset + (chunk ? chunk->data.size() : 0)});
            } else if (auto* c = std::get_if<act::CancelTimer>(&a)) {
                cancels.push_back(c->id);
            } else if (auto* w = std::get_if<act::WakeAt>(&a)) {
                wake = w->at;
            }
        }
    }
};

Result<image::UploadResponse> off(std::uint64_t o) {
    return image::UploadResponse{.off = o};
}

UploadTime at(std::chrono::milliseconds t) {
    return UploadTime{} + t;
}

// Window 1 on a 6000-byte image in chunks of about 1 KiB. The first two chunks are answered,
// the second 50 ms after it went out (the round trip the probe waits twice of), and the
// third is in flight.
class UploadMachineProbe : public ::testing::Test {
  protected:
    void SetUp() override {
        image_.assign(6000, 0x3c);
        params_.message_budget = 1100;
        params_.window = 1;
        params_.tail_probe = true;
        const Actions first(m_.start(image_, Bytes(32, 1), params_, at(0ms)));
        ASSERT_EQ(first.sends.size(), 1u);
        EXPECT_FALSE(first.wake) << "no round trip measured yet";
        const Actions second(m_.on_response(first.sends[0].id, off(first.sends[0].end), at(100ms)));
        ASSERT_EQ(second.sends.size(), 1u);
        EXPECT_FALSE(second.wake) << "the first chunk's round trip (a slot erase) is no estimate";
        const Actions third(
            m_.on_response(second.sends[0].id, off(second.sends[0].end), at(150ms)));
        ASSERT_EQ(third.sends.size(), 1u);
        third_ = third.sends[0];
        ASSERT_TRUE(third.wake);
        wake_ = *third.wake;
    }

    Bytes image_;
    UploadParams params_;
    UploadMachine m_;
    Sent third_{};
    UploadTime wake_{};
};

TEST_F(UploadMachineProbe, AStallSendsTheNextChunkBeyondTheWindowAfterTwoRoundTrips) {
    EXPECT_EQ(wake_, at(250ms)) << "2 x the 50 ms round trip after the last answer";
    EXPECT_TRUE(Actions(m_.on_wake(at(249ms))).sends.empty()) << "too early";
    const Actions probe(m_.on_wake(at(250ms)));
    ASSERT_EQ(probe.sends.size(), 1u);
    EXPECT_EQ(probe.sends[0].off, third_.end) << "new data, after the chunk in flight";
    EXPECT_EQ(m_.in_flight(), 2u) << "one beyond the window of 1";
    EXPECT_EQ(m_.counters().probes, 1u);
    EXPECT_EQ(m_.counters().resends, 0u);
}

TEST_F(UploadMachineProbe, TheDevicesAnswerToTheProbeResendsTheLostChunkAtOnce) {
    const Sent probe = Actions(m_.on_wake(wake_)).sends.at(0);
    // The third chunk was lost: the device expects its offset and says so.
    const Actions answer(m_.on_response(probe.id, off(third_.off), at(300ms)));
    EXPECT_EQ(answer.cancels.size(), 2u) << "the probe's timer and the lost chunk's";
    ASSERT_EQ(answer.sends.size(), 1u);
    EXPECT_EQ(answer.sends[0].off, third_.off) << "resent 150 ms after it went, not after 2 s";
    EXPECT_EQ(m_.counters().timeouts, 0u);
    // Then the upload goes on from there.
    const Actions next(m_.on_response(answer.sends[0].id, off(third_.end), at(350ms)));
    ASSERT_EQ(next.sends.size(), 1u);
    EXPECT_EQ(next.sends[0].off, third_.end);
}

TEST_F(UploadMachineProbe, ALateAnswerRatherThanALossCostsNothing) {
    const Sent probe = Actions(m_.on_wake(wake_)).sends.at(0);
    // The third chunk was only slow: its answer, then the probe's, in order.
    const Actions late(m_.on_response(third_.id, off(third_.end), at(260ms)));
    EXPECT_TRUE(late.sends.empty()) << "the probe is still in flight: the window is full";
    const Actions probe_answer(m_.on_response(probe.id, off(probe.end), at(310ms)));
    ASSERT_EQ(probe_answer.sends.size(), 1u);
    EXPECT_EQ(probe_answer.sends[0].off, probe.end);
    EXPECT_EQ(m_.counters().resends, 0u);
    EXPECT_EQ(m_.acked(), probe.end);
}

TEST_F(UploadMachineProbe, OneProbePerStallUntilTheDeviceMovesOn) {
    const Sent probe = Actions(m_.on_wake(wake_)).sends.at(0);
    EXPECT_TRUE(Actions(m_.on_wake(at(2000ms))).sends.empty()) << "the chunk timers take over";
    EXPECT_EQ(m_.counters().probes, 1u);
    // The device moves on: the next stall may be probed again.
    EXPECT_TRUE(Actions(m_.on_response(third_.id, off(third_.end), at(2100ms))).sends.empty());
    const Actions moved(m_.on_response(probe.id, off(probe.end), at(2150ms)));
    ASSERT_TRUE(moved.wake);
    ASSERT_EQ(moved.sends.size(), 1u);
    EXPECT_EQ(Actions(m_.on_wake(*moved.wake)).sends.size(), 1u);
    EXPECT_EQ(m_.counters().probes, 2u);
}

TEST_F(UploadMachineProbe, NoProbeWithoutNewDataToSend) {
    // Every remaining byte goes out by answering chunk after chunk; the last one in flight
    // stalls, and there is nothing beyond it: its timer finds a loss there.
    Sent in_flight = third_;
    UploadTime now = at(150ms);
    while (in_flight.end < image_.size()) {
        now += 50ms;
        const Actions a(m_.on_response(in_flight.id, off(in_flight.end), now));
        ASSERT_EQ(a.sends.size(), 1u);
        in_flight = a.sends[0];
    }
    EXPECT_TRUE(Actions(m_.on_wake(now + 10s)).sends.empty());
    EXPECT_EQ(m_.counters().probes, 0u);
}

TEST(UploadMachineProbeOff, WithoutTailProbeNoWakeIsAsked) {
    UploadParams p;
    p.message_budget = 1100;
    p.window = 1;
    Bytes image(6000, 0x3c);
    UploadMachine m;
    Actions a(m.start(image, Bytes(32, 1), p, at(0ms)));
    for (auto t = 100ms; !a.sends.empty(); t += 50ms) {
        EXPECT_FALSE(a.wake);
        EXPECT_TRUE(Actions(m.on_wake(at(t + 10s))).sends.empty());
        a = Actions(m.on_response(a.sends[0].id, off(a.sends[0].end), at(t)));
    }
    EXPECT_TRUE(m.finished());
}

}  // namespace
