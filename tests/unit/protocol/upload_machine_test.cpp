// SPDX-License-Identifier: Apache-2.0
// Script tests of the pipelined image upload state machine: each step feeds one input and
// checks the actions; simulations run it against Zephyr's offset rules with faults.
#include <smp/protocol/upload/upload_machine.hpp>

#include <gtest/gtest.h>

#include <deque>
#include <random>

#include <smp/protocol/upload/chunk_sizing.hpp>
#include "support/zephyr_upload_model.hpp"

namespace {

using namespace smp;
using namespace smp::upload;
using namespace std::chrono_literals;
namespace act = smp::upload::upload_action;

struct SentChunk {
    RequestId id = 0;
    image::Upload request{};
    std::size_t message_size = 0;
};

// The actions of one step, sorted by kind. Checks that every Send is followed by its timer.
struct Step {
    std::vector<SentChunk> sends;
    std::vector<std::chrono::milliseconds> timeouts;
    std::vector<RequestId> cancels;
    std::vector<act::Progress> progress;
    std::optional<act::Done> done;

    explicit Step(const UploadActions& actions) {
        for (std::size_t i = 0; i < actions.size(); ++i) {
            if (auto* send = std::get_if<act::Send>(&actions[i])) {
                auto decoded = decode_payload<image::Upload>(send->payload);
                EXPECT_TRUE(decoded.has_value());
                EXPECT_EQ(decoded->off, send->offset);
                sends.push_back({send->id, *decoded, header_size + send->payload.size()});
                EXPECT_LT(i + 1, actions.size());
                auto* arm =
                    i + 1 < actions.size() ? std::get_if<act::ArmTimer>(&actions[i + 1]) : nullptr;
                EXPECT_TRUE(arm && arm->id == send->id) << "Send without its ArmTimer";
                if (arm)
                    timeouts.push_back(arm->timeout);
            } else if (auto* cancel = std::get_if<act::CancelTimer>(&actions[i])) {
                cancels.push_back(cancel->id);
            } else if (auto* p = std::get_if<act::Progress>(&actions[i])) {
                progress.push_back(*p);
            } else if (auto* d = std::get_if<act::Done>(&actions[i])) {
                EXPECT_EQ(i + 1, actions.size()) << "actions after Done";
                done = *d;
            }
        }
    }
};

Result<image::UploadResponse> answer_off(std::uint64_t off, std::optional<bool> match = {}) {
    return image::UploadResponse{.off = off, .match = match};
}

UploadParams params(std::size_t budget, std::size_t window) {
    UploadParams p;
    p.message_budget = budget;
    p.window = window;
    return p;
}

class UploadMachineTest : public ::testing::Test {
  protected:
    Bytes image = test::test_image(1000);
    Bytes sha = test::sha256(image);
    UploadMachine machine;
};

// The machine sizes chunks with smp::upload::max_chunk_data; checked here from its point of view.
std::size_t max_upload_data(const image::Upload& chunk, std::size_t budget) {
    auto n = max_chunk_data(chunk, budget);
    return n ? *n : 0;
}

TEST(UploadChunkSize, IsExactForFirstAndLaterChunks) {
    for (std::size_t budget : {96u, 128u, 256u, 384u, 512u, 2048u}) {
        image::Upload later{.off = 70000};
        const std::size_t n = max_upload_data(later, budget);
        later.data.assign(n, 0);
        EXPECT_LE(header_size + encode_payload(later).size(), budget);
        later.data.push_back(0);
        EXPECT_GT(header_size + encode_payload(later).size(), budget) << budget;

        image::Upload first{
            .image = 0, .len = 100000, .off = 0, .sha = Bytes(32, 1), .upgrade = false};
        const std::size_t m = max_upload_data(first, budget);
        if (m == 0) {  // fewer than 32 bytes would fit: refused (the machine drops the sha)
            EXPECT_EQ(budget, 96u);
            continue;
        }
        first.data.assign(m, 0);
        EXPECT_LE(header_size + encode_payload(first).size(), budget);
        first.data.push_back(0);
        EXPECT_GT(header_size + encode_payload(first).size(), budget) << budget;
    }
    // protocol.md §6.1: UDP NETBUF 2048 -> first 1963, next 2022 (O < 2^32, 5-byte uint).
    EXPECT_EQ(max_upload_data(image::Upload{.off = 70000}, 2048), 2022u);
    EXPECT_EQ(max_upload_data(
                  image::Upload{
                      .image = 0, .len = 100000, .off = 0, .sha = Bytes(32, 1), .upgrade = false},
                  2048),
              1963u);
    EXPECT_EQ(max_upload_data(image::Upload{}, 8), 0u);
}

TEST_F(UploadMachineTest, FirstChunkCarriesLenShaImageUpgradeAndGoesAlone) {
    auto p = params(128, 3);
    p.image = 1;
    p.upgrade = true;
    Step s(machine.start(image, sha, p));
    ASSERT_EQ(s.sends.size(), 1u);
    const auto& first = s.sends[0].request;
    EXPECT_EQ(first.off, 0u);
    EXPECT_EQ(first.len, 1000u);
    EXPECT_EQ(first.sha, sha);
    EXPECT_EQ(first.image, 1u);
    EXPECT_EQ(first.upgrade, true);
    EXPECT_EQ(s.timeouts[0], p.first_chunk_timeout);
    EXPECT_LE(s.sends[0].message_size, 128u);
    EXPECT_GE(s.sends[0].message_size, 127u);  // exact: one more byte would not fit
    EXPECT_FALSE(s.done);
}

TEST_F(UploadMachineTest, PipelinesUpToWindowAfterFirstAnswerAndCompletesWithMatch) {
    Step s0(machine.start(image, sha, params(128, 3)));
    const std::size_t n0 = s0.sends[0].request.data.size();
    Step s1(machine.on_response(s0.sends[0].id, answer_off(n0)));
    ASSERT_EQ(s1.sends.size(), 3u);
    EXPECT_EQ(s1.cancels, std::vector<RequestId>{s0.sends[0].id});
    ASSERT_EQ(s1.progress.size(), 1u);
    EXPECT_EQ(s1.progress[0].acked, n0);
    EXPECT_EQ(s1.progress[0].total, 1000u);
    std::uint64_t off = n0;
    for (const auto& c : s1.sends) {
        EXPECT_EQ(c.request.off, off);
        EXPECT_FALSE(c.request.len);
        EXPECT_FALSE(c.request.sha);
        EXPECT_EQ(c.message_size, 128u);
        off += c.request.data.size();
    }
    EXPECT_EQ(s1.timeouts[0], UploadParams{}.chunk_timeout);
    // Answer each in order; one new chunk goes out per answer until the image is sent.
    std::deque<SentChunk> flight(s1.sends.begin(), s1.sends.end());
    std::optional<act::Done> done;
    while (!flight.empty()) {
        SentChunk c = flight.front();
        flight.pop_front();
        const std::uint64_t end = c.request.off + c.request.data.size();
        Step s(machine.on_response(
            c.id, answer_off(end, end == 1000 ? std::optional(true) : std::nullopt)));
        EXPECT_LE(machine.in_flight(), 3u);
        for (auto& n : s.sends)
            flight.push_back(n);
        if (s.done)
            done = s.done;
    }
    ASSERT_TRUE(done);
    EXPECT_FALSE(done->error);
    EXPECT_EQ(done->match, true);
    EXPECT_EQ(machine.acked(), 1000u);
    EXPECT_TRUE(machine.finished());
}

TEST_F(UploadMachineTest, TheLastChunkWaitsAsLongAsTheFirst) {
    auto p = params(128, 1);
    p.chunk_timeout = std::chrono::milliseconds(2000);
    p.first_chunk_timeout = std::chrono::milliseconds(20000);
    Step s(machine.start(image, sha, p));
    std::vector<std::chrono::milliseconds> timeouts = s.timeouts;
    SentChunk c = s.sends.at(0);
    for (;;) {
        const std::uint64_t end = c.request.off + c.request.data.size();
        if (end == image.size())
            break;
        Step next(machine.on_response(c.id, answer_off(end)));
        ASSERT_EQ(next.sends.size(), 1u);
        timeouts.push_back(next.timeouts.at(0));
        c = next.sends[0];
    }
    ASSERT_GE(timeouts.size(), 3u);
    EXPECT_EQ(timeouts.front(), p.first_chunk_timeout);
    EXPECT_EQ(timeouts.back(), p.first_chunk_timeout) << "the last chunk";
    for (std::size_t i = 1; i + 1 < timeouts.size(); ++i)
        EXPECT_EQ(timeouts[i], p.chunk_timeout) << "chunk " << i;
}

// A device slower than the chunk timeout must not get each chunk again before it has
// answered it: every resend of one chunk waits twice as long, up to four times the first wait.
TEST_F(UploadMachineTest, EachResendOfAChunkWaitsTwiceAsLong) {
    auto p = params(128, 1);
    p.chunk_timeout = std::chrono::milliseconds(2000);
    p.first_chunk_timeout = std::chrono::milliseconds(20000);
    p.max_sends_per_chunk = 8;
    Step s0(machine.start(image, sha, p));
    Step s(machine.on_response(s0.sends[0].id, answer_off(s0.sends[0].request.data.size())));
    ASSERT_EQ(s.sends.size(), 1u);
    const auto off = s.sends[0].request.off;
    std::vector<std::chrono::milliseconds::rep> waits{s.timeouts.at(0).count()};
    for (int resend = 0; resend < 6; ++resend) {
        s = Step(machine.on_timeout(s.sends.at(0).id));
        ASSERT_EQ(s.sends.size(), 1u);
        EXPECT_EQ(s.sends[0].request.off, off);
        waits.push_back(s.timeouts.at(0).count());
    }
    EXPECT_EQ(waits, (decltype(waits){2000, 4000, 8000, 8000, 8000, 8000, 8000}));
    // Once the chunk is accepted, the next one starts from the short timeout again.
    Step next(machine.on_response(s.sends[0].id, answer_off(off + s.sends[0].request.data.size())));
    ASSERT_EQ(next.sends.size(), 1u);
    EXPECT_EQ(next.timeouts.at(0), p.chunk_timeout);
}

TEST_F(UploadMachineTest, LostChunkIsResentAndLaterChunksFollowTheDevice) {
    Step s0(machine.start(image, sha, params(128, 3)));
    const std::size_t n0 = s0.sends[0].request.data.size();
    Step s1(machine.on_response(s0.sends[0].id, answer_off(n0)));
    ASSERT_EQ(s1.sends.size(), 3u);
    const auto& a = s1.sends[0];  // lost
    const auto& b = s1.sends[1];
    const auto& c = s1.sends[2];
    // The device refuses b: it still expects a's offset, so a was lost on the way (the
    // device handles requests in arrival order) and c will be refused too.
    Step s2(machine.on_response(b.id, answer_off(a.request.off)));
    EXPECT_EQ(s2.cancels, (std::vector<RequestId>{b.id, a.id, c.id}));
    // a, b and c are sent again at once, without waiting for a's timer.
    ASSERT_EQ(s2.sends.size(), 3u);
    EXPECT_EQ(s2.sends[0].request.off, a.request.off);
    EXPECT_EQ(s2.sends[0].request.data, a.request.data);
    EXPECT_EQ(s2.sends[1].request.off, b.request.off);
    EXPECT_EQ(s2.sends[2].request.off, c.request.off);
    EXPECT_EQ(machine.counters().resends, 3u);
    // The old timer of a and late answers to the abandoned requests change nothing.
    EXPECT_TRUE(Step(machine.on_timeout(a.id)).sends.empty());
    EXPECT_TRUE(Step(machine.on_response(c.id, answer_off(a.request.off))).sends.empty());
    EXPECT_EQ(machine.counters().ignored, 1u);
    EXPECT_EQ(machine.in_flight(), 3u);
}

// The device handles requests in order: an answer covering a chunk sent earlier means that
// chunk was written and its own answer lost. It must not hold a place in the window until its
// timer (seconds) runs out.
TEST_F(UploadMachineTest, AChunkWhoseAnswerWasLostIsRetiredByALaterAnswer) {
    Step s0(machine.start(image, sha, params(128, 3)));
    Step s1(machine.on_response(s0.sends[0].id, answer_off(s0.sends[0].request.data.size())));
    ASSERT_EQ(s1.sends.size(), 3u);
    const auto& a = s1.sends[0];  // its answer is lost
    const auto& b = s1.sends[1];
    Step s2(machine.on_response(b.id, answer_off(b.request.off + b.request.data.size())));
    EXPECT_EQ(s2.cancels, (std::vector<RequestId>{b.id, a.id}));
    EXPECT_EQ(s2.sends.size(), 2u) << "both places refilled at once";
    EXPECT_EQ(machine.in_flight(), 3u);
    EXPECT_EQ(machine.counters().resends, 0u);
    EXPECT_TRUE(Step(machine.on_timeout(a.id)).sends.empty()) << "its timer is gone";
    EXPECT_EQ(machine.counters().timeouts, 0u);
}

// Request reordering at the end of the image (seen over BLE with the fake BlueZ): the last
// chunk overtakes the one before it, so the device refuses it (it still expects the earlier
// offset) and then accepts the earlier one. The refusal arrives after the acceptance: an
// offset below what is acknowledged, for a chunk the device never wrote. With nothing left in
// flight the machine must send it again, not wait forever.
// The last chunk overtook its predecessor and was refused; the refusal (the device's offset
// before the predecessor) arrives after the predecessor's acceptance. With nothing else in
// flight the device's word is followed (it may also be an earlier answer's damaged offset,
// upload_machine_stall_test.cpp), so the upload goes on from there and completes instead of
// waiting for an answer that will never come.
TEST_F(UploadMachineTest, LastChunkRefusedBecauseItOvertookItsPredecessorIsResent) {
    Step s0(machine.start(image, sha, params(512, 2)));
    const std::size_t n0 = s0.sends[0].request.data.size();
    Step s1(machine.on_response(s0.sends[0].id, answer_off(n0)));
    ASSERT_EQ(s1.sends.size(), 2u);
    const auto& a = s1.sends[0];
    const auto& b = s1.sends[1];  // the last chunk
    const std::uint64_t a_end = a.request.off + a.request.data.size();
    ASSERT_EQ(b.request.off + b.request.data.size(), 1000u);
    Step s2(machine.on_response(a.id, answer_off(a_end)));  // a written
    EXPECT_TRUE(s2.sends.empty());
    Step s3(machine.on_response(b.id, answer_off(a.request.off)));  // b refused earlier
    ASSERT_FALSE(s3.sends.empty());
    EXPECT_FALSE(s3.done);
    // A device holding [0, a_end): it answers every chunk but the last with that offset.
    std::vector<SentChunk> pending = s3.sends;
    std::optional<act::Done> done;
    for (int turn = 0; turn < 10 && !done && !pending.empty(); ++turn) {
        const SentChunk chunk = pending.front();
        pending.erase(pending.begin());
        const bool last = chunk.request.off == a_end;
        Step next(machine.on_response(chunk.id, last ? answer_off(1000, true) : answer_off(a_end)));
        pending.insert(pending.end(), next.sends.begin(), next.sends.end());
        done = next.done;
    }
    ASSERT_TRUE(done);
    EXPECT_FALSE(done->error);
}

TEST_F(UploadMachineTest, TimedOutChunkIsResent) {
    Step s0(machine.start(image, sha, params(128, 2)));
    Step s1(machine.on_response(s0.sends[0].id, answer_off(s0.sends[0].request.data.size())));
    ASSERT_EQ(s1.sends.size(), 2u);
    Step s2(machine.on_timeout(s1.sends[0].id));
    ASSERT_EQ(s2.sends.size(), 1u);
    EXPECT_EQ(s2.sends[0].request.off, s1.sends[0].request.off);
    EXPECT_EQ(s2.sends[0].request.data, s1.sends[0].request.data);
    EXPECT_EQ(s2.timeouts[0], 2 * UploadParams{}.chunk_timeout) << "a resend waits longer";
    EXPECT_EQ(machine.counters().timeouts, 1u);
}

TEST_F(UploadMachineTest, DuplicateAnswerIsIgnored) {
    Step s0(machine.start(image, sha, params(128, 1)));
    const std::size_t n0 = s0.sends[0].request.data.size();
    Step s1(machine.on_response(s0.sends[0].id, answer_off(n0)));
    Step s2(machine.on_response(s0.sends[0].id, answer_off(n0)));
    EXPECT_TRUE(s2.sends.empty());
    EXPECT_TRUE(s2.cancels.empty());
    EXPECT_EQ(machine.counters().ignored, 1u);
    EXPECT_EQ(machine.in_flight(), 1u);
}

TEST_F(UploadMachineTest, DeviceForgettingTheUploadRestartsWithFirstChunkFields) {
    Step s0(machine.start(image, sha, params(128, 2)));
    const std::size_t n0 = s0.sends[0].request.data.size();
    Step s1(machine.on_response(s0.sends[0].id, answer_off(n0)));
    ASSERT_EQ(s1.sends.size(), 2u);
    Step s2(machine.on_response(s1.sends[0].id, answer_off(0)));
    EXPECT_EQ(s2.cancels, (std::vector<RequestId>{s1.sends[0].id, s1.sends[1].id}));
    ASSERT_EQ(s2.sends.size(), 1u);
    EXPECT_EQ(s2.sends[0].request.off, 0u);
    EXPECT_EQ(s2.sends[0].request.len, 1000u);
    EXPECT_EQ(s2.sends[0].request.sha, sha);
    ASSERT_EQ(s2.progress.size(), 1u);
    EXPECT_EQ(s2.progress[0].acked, 0u);
    EXPECT_EQ(machine.counters().restarts, 1u);
}

TEST_F(UploadMachineTest, ResumeContinuesFromTheDevicesOffset) {
    Step s0(machine.start(image, sha, params(128, 2)));
    Step s1(machine.on_response(s0.sends[0].id, answer_off(600)));
    ASSERT_EQ(s1.sends.size(), 2u);
    EXPECT_EQ(s1.sends[0].request.off, 600u);
    EXPECT_EQ(s1.progress.back().acked, 600u);
}

TEST_F(UploadMachineTest, DeviceAlreadyHoldingTheImageEndsAtOnce) {
    Step s0(machine.start(image, sha, params(128, 2)));
    Step s1(machine.on_response(s0.sends[0].id, answer_off(1000, true)));
    ASSERT_TRUE(s1.done);
    EXPECT_FALSE(s1.done->error);
    EXPECT_EQ(s1.done->match, true);
    EXPECT_TRUE(s1.sends.empty());
}

TEST_F(UploadMachineTest, MatchFalseFailsWithImageMismatch) {
    Step s0(machine.start(image, sha, params(2048, 2)));
    Step s1(machine.on_response(s0.sends[0].id, answer_off(1000, false)));
    ASSERT_TRUE(s1.done && s1.done->error);
    EXPECT_EQ(s1.done->error->code, make_error_code(Errc::image_mismatch));
}

TEST_F(UploadMachineTest, DeviceErrorEndsTheUploadWithTheDevicesWords) {
    Step s0(machine.start(image, sha, params(128, 2)));
    const std::uint16_t rc = static_cast<std::uint16_t>(ImageError::current_version_is_newer);
    Error refused{make_group_error_code(1, rc), {}, DeviceError{std::uint16_t{1}, rc, "older"}};
    Step s1(machine.on_response(s0.sends[0].id, refused));
    ASSERT_TRUE(s1.done && s1.done->error);
    ASSERT_TRUE(s1.done->error->device);
    EXPECT_EQ(s1.done->error->device->rc, rc);
    EXPECT_EQ(s1.done->error->device->reason, "older");
}

TEST_F(UploadMachineTest, TransientDeviceErrorRestartsTheUpload) {
    Step s0(machine.start(image, sha, params(128, 1)));
    Step s1(machine.on_response(s0.sends[0].id, answer_off(s0.sends[0].request.data.size())));
    Error no_mem{make_error_code(Rc::no_memory), {}, DeviceError{std::nullopt, 2, {}}};
    Step s2(machine.on_response(s1.sends[0].id, no_mem));
    ASSERT_EQ(s2.sends.size(), 1u);
    EXPECT_EQ(s2.sends[0].request.off, 0u);
    EXPECT_FALSE(s2.done);
}

TEST_F(UploadMachineTest, GivesUpAfterTheSendBudgetOfOneChunk) {
    auto p = params(128, 1);
    p.max_sends_per_chunk = 3;
    Step s(machine.start(image, sha, p));
    for (int i = 0; i < 2; ++i) {
        ASSERT_EQ(s.sends.size(), 1u);
        s = Step(machine.on_timeout(s.sends[0].id));
    }
    ASSERT_EQ(s.sends.size(), 1u);
    Step last(machine.on_timeout(s.sends[0].id));
    ASSERT_TRUE(last.done && last.done->error);
    EXPECT_EQ(last.done->error->code, make_error_code(Errc::upload_failed));
    EXPECT_EQ(machine.counters().timeouts, 3u);
}

TEST_F(UploadMachineTest, CancelAbandonsEverythingInFlight) {
    Step s0(machine.start(image, sha, params(128, 3)));
    Step s1(machine.on_response(s0.sends[0].id, answer_off(s0.sends[0].request.data.size())));
    Step s2(machine.cancel());
    EXPECT_EQ(s2.cancels.size(), 3u);
    ASSERT_TRUE(s2.done && s2.done->error);
    EXPECT_EQ(s2.done->error->code, make_error_code(Errc::cancelled));
    EXPECT_EQ(machine.in_flight(), 0u);
    EXPECT_TRUE(Step(machine.on_response(s1.sends[0].id, answer_off(999))).sends.empty());
    EXPECT_TRUE(machine.cancel().empty());
}

TEST_F(UploadMachineTest, ClosedTransportFailsNotConnected) {
    Step s0(machine.start(image, sha, params(128, 3)));
    Step s1(machine.on_closed());
    ASSERT_TRUE(s1.done && s1.done->error);
    EXPECT_EQ(s1.done->error->code, make_error_code(Errc::not_connected));
}

TEST_F(UploadMachineTest, BudgetTooSmallForTheFirstChunkIsAnError) {
    Step s(machine.start(image, sha, params(40, 1)));
    ASSERT_TRUE(s.done && s.done->error);
    EXPECT_EQ(s.done->error->code, make_error_code(Errc::message_too_large));
}

TEST_F(UploadMachineTest, SmallBudgetLeavesTheShaOutOfTheFirstChunk) {
    Step s(machine.start(image, sha, params(96, 1)));
    ASSERT_EQ(s.sends.size(), 1u);
    EXPECT_FALSE(s.sends[0].request.sha);
    EXPECT_GE(s.sends[0].request.data.size(), 32u);
    EXPECT_TRUE(machine.sha_omitted());
}

TEST_F(UploadMachineTest, ProtocolViolationsAreErrors) {
    Step s0(machine.start(image, sha, params(128, 1)));
    Step s1(machine.on_response(s0.sends[0].id, answer_off(5000)));
    ASSERT_TRUE(s1.done && s1.done->error);
    EXPECT_EQ(s1.done->error->code, make_error_code(Errc::protocol_violation));
}

// --- Simulation against Zephyr's rules with a lossy, duplicating, reordering link. ---

struct Faults {
    double drop_request = 0;
    double drop_response = 0;
    double duplicate_response = 0;
    bool reorder_responses = false;
    std::uint64_t forget_after_writes = 0;  ///< device forgets the upload once, after N writes
};

struct SimResult {
    act::Done done{};
    UploadCounters counters{};
};

SimResult simulate(ByteView image, test::ZephyrUploadModel& device, UploadParams p, Faults f,
                   unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> coin(0, 1);
    UploadMachine machine;
    std::deque<act::Send> requests;  // on the link towards the device
    std::deque<std::pair<RequestId, Result<image::UploadResponse>>> responses;
    std::deque<RequestId> timers;  // armed, oldest first
    std::optional<act::Done> done;
    bool forgot = false;

    auto apply = [&](const UploadActions& actions) {
        for (const auto& a : actions) {
            if (auto* s = std::get_if<act::Send>(&a))
                requests.push_back(*s);
            else if (auto* t = std::get_if<act::ArmTimer>(&a))
                timers.push_back(t->id);
            else if (auto* c = std::get_if<act::CancelTimer>(&a))
                std::erase(timers, c->id);
            else if (auto* d = std::get_if<act::Done>(&a))
                done = *d;
        }
    };
    apply(machine.start(image, test::sha256(image), p));
    for (int steps = 0; !done && steps < 100000; ++steps) {
        if (!requests.empty()) {
            act::Send s = requests.front();
            requests.pop_front();
            if (coin(rng) < f.drop_request)
                continue;
            auto answer = device.handle(*decode_payload<image::Upload>(s.payload));
            if (f.forget_after_writes && !forgot && device.writes >= f.forget_after_writes) {
                device.forget();
                forgot = true;
            }
            if (coin(rng) < f.drop_response)
                continue;
            responses.emplace_back(s.id, answer);
            if (coin(rng) < f.duplicate_response)
                responses.emplace_back(s.id, answer);
        } else if (!responses.empty()) {
            auto it = responses.begin();
            if (f.reorder_responses && responses.size() > 1 && coin(rng) < 0.5)
                ++it;
            auto [id, answer] = *it;
            responses.erase(it);
            apply(machine.on_response(id, answer));
        } else if (!timers.empty()) {
            RequestId id = timers.front();
            timers.pop_front();
            apply(machine.on_timeout(id));
        } else {
            ADD_FAILURE() << "stalled: nothing in flight and not done";
            break;
        }
    }
    EXPECT_TRUE(done) << "did not finish";
    return {done.value_or(act::Done{}), machine.counters()};
}

TEST(UploadMachineSimulation, CleanLinkAllWindowsAndBudgets) {
    const Bytes image = test::test_image(5000);
    for (std::size_t budget : {96u, 128u, 256u, 512u, 2048u}) {
        for (std::size_t window : {1u, 2u, 4u}) {
            test::ZephyrUploadModel device;
            auto r = simulate(image, device, params(budget, window), {}, 1);
            EXPECT_FALSE(r.done.error) << r.done.error->message();
            // 96 bytes cannot carry the sha with the first 32 bytes: no match check then.
            EXPECT_EQ(r.done.match, budget == 96 ? std::nullopt : std::optional(true));
            EXPECT_EQ(device.slot, image);
            EXPECT_EQ(r.counters.resends, 0u) << budget << "/" << window;
        }
    }
}

TEST(UploadMachineSimulation, SurvivesLossDuplicationAndReordering) {
    const Bytes image = test::test_image(6000, 9);
    for (unsigned seed = 1; seed <= 20; ++seed) {
        for (std::size_t window : {1u, 3u}) {
            test::ZephyrUploadModel device;
            Faults f{.drop_request = 0.1,
                     .drop_response = 0.1,
                     .duplicate_response = 0.1,
                     .reorder_responses = true};
            auto p = params(256, window);
            p.max_sends_per_chunk = 20;
            auto r = simulate(image, device, p, f, seed);
            ASSERT_FALSE(r.done.error) << "seed " << seed << ": " << r.done.error->message();
            EXPECT_EQ(r.done.match, true);
            EXPECT_EQ(device.slot, image);
        }
    }
}

TEST(UploadMachineSimulation, DeviceForgettingMidUploadStillEndsWithTheRightImage) {
    const Bytes image = test::test_image(4000, 3);
    test::ZephyrUploadModel device;
    auto r = simulate(image, device, params(256, 3), Faults{.forget_after_writes = 5}, 2);
    ASSERT_FALSE(r.done.error) << r.done.error->message();
    EXPECT_EQ(r.counters.restarts, 1u);
    EXPECT_EQ(device.slot, image);
    EXPECT_EQ(device.completed, 1u);
}

TEST(UploadMachineSimulation, ResumeAcrossMachinesSendsOnlyTheRest) {
    const Bytes image = test::test_image(4000, 4);
    test::ZephyrUploadModel device;
    // A first process gets part way, then dies (its machine is dropped).
    {
        UploadMachine first;
        UploadActions actions = first.start(image, test::sha256(image), params(256, 1));
        for (int i = 0; i < 6; ++i) {
            auto& send = std::get<act::Send>(actions[0]);
            auto answer = device.handle(*decode_payload<image::Upload>(send.payload));
            actions = first.on_response(send.id, answer);
            std::erase_if(actions, [](const UploadAction& a) {
                return !std::holds_alternative<act::Send>(a);
            });
        }
    }
    const std::uint64_t resumed_at = device.offset();
    ASSERT_GT(resumed_at, 0u);
    const std::uint64_t writes_before = device.writes;
    auto r = simulate(image, device, params(256, 2), {}, 1);
    ASSERT_FALSE(r.done.error);
    EXPECT_EQ(device.slot, image);
    const std::size_t chunk = max_upload_data(image::Upload{.off = 1000}, 256);
    const std::uint64_t rest_chunks = (4000 - resumed_at + chunk - 1) / chunk;
    EXPECT_EQ(device.writes - writes_before, rest_chunks);
}

TEST(UploadMachineSimulation, DeadDeviceEndsWithUploadFailedNotAHang) {
    const Bytes image = test::test_image(2000);
    test::ZephyrUploadModel device;
    auto r = simulate(image, device, params(256, 2), Faults{.drop_request = 1.0}, 1);
    ASSERT_TRUE(r.done.error);
    EXPECT_EQ(r.done.error->code, make_error_code(Errc::upload_failed));
}

}  // namespace
