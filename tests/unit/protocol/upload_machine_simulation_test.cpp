// SPDX-License-Identifier: Apache-2.0
// The pipelined image upload state machine against Zephyr's offset rules
// (ZephyrUploadModel) over a lossy, duplicating, reordering link; the step-by-step script
// tests are in upload_machine_test.cpp.
#include <smp/protocol/upload/chunk_sizing.hpp>
#include <smp/protocol/upload/upload_machine.hpp>

#include <gtest/gtest.h>

#include <deque>
#include <random>

#include "support/zephyr_upload_model.hpp"

namespace {

using namespace smp;
using namespace smp::upload;
namespace act = smp::upload::upload_action;

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
            auto r = simulate(image, device,
                              UploadParams{.message_budget = budget, .window = window}, {}, 1);
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
            auto p = UploadParams{.message_budget = 256, .window = window};
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
    auto r = simulate(image, device, UploadParams{.message_budget = 256, .window = 3},
                      Faults{.forget_after_writes = 5}, 2);
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
        UploadActions actions = first.start(image, test::sha256(image),
                                            UploadParams{.message_budget = 256, .window = 1});
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
    auto r = simulate(image, device, UploadParams{.message_budget = 256, .window = 2}, {}, 1);
    ASSERT_FALSE(r.done.error);
    EXPECT_EQ(device.slot, image);
    const std::size_t chunk = max_chunk_data(image::Upload{.off = 1000}, 256).value();
    const std::uint64_t rest_chunks = (4000 - resumed_at + chunk - 1) / chunk;
    EXPECT_EQ(device.writes - writes_before, rest_chunks);
}

TEST(UploadMachineSimulation, DeadDeviceEndsWithUploadFailedNotAHang) {
    const Bytes image = test::test_image(2000);
    test::ZephyrUploadModel device;
    auto r = simulate(image, device, UploadParams{.message_budget = 256, .window = 2},
                      Faults{.drop_request = 1.0}, 1);
    ASSERT_TRUE(r.done.error);
    EXPECT_EQ(r.done.error->code, make_error_code(Errc::upload_failed));
}

}  // namespace
