// Soak: consecutive uploads over a faulty link (5% loss, 1% corruption, 1% duplication, 2%
// reordering in each direction, seeded) with a device reset in the middle of every tenth
// upload. Each image must end up on the device (hash in slot 1 from state read) within a few
// attempts; every failed attempt must be a clear error (a known code and a message naming
// the device); nothing hangs (every wait is bounded by the client's timeouts and send limits,
// and ctest's timeout). CI: 20 uploads; SMP_RELIABILITY_FULL=1: 200.
#include <smp/protocol/error.hpp>

#include <map>
#include <thread>

#include "reliability/reliability_support.hpp"

namespace {

using namespace smp_rel;

std::vector<std::string> faulty_link(unsigned seed) {
    return {"--buf-size",  "1024",
            "--buf-count", "4",
            "--loss",      "0.05",
            "--corrupt",   "0.01",
            "--dup",       "0.01",
            "--reorder",   "0.02",
            "--seed",      std::to_string(seed)};
}

bool clear_error(const smp::Error& e) {
    using smp::Errc;
    // Corruption on this emulated UDP link reaches the SMP layer (a real UDP checksum would
    // drop the datagram): a flipped bit in chunk data fails the device's sha check
    // (image_mismatch), one in an answer's keys makes it break the protocol
    // (protocol_violation, decode_error); losses end in timeouts or upload_failed.
    static const std::vector<Errc> expected{Errc::timeout, Errc::image_mismatch,
                                            Errc::upload_failed, Errc::protocol_violation,
                                            Errc::decode_error};
    bool known = e.device.has_value();  // a device error value is clear by itself
    for (auto c : expected)
        known = known || e.code == smp::make_error_code(c);
    // Says what failed. (Upload errors also name the device; connect()'s decode errors do
    // not yet: reported to the client's owner.)
    return known && !e.detail.empty();
}

TEST(Soak, UploadsUnderLossCorruptionDuplicationReorderingAndResets) {
    const unsigned uploads = full_run() ? 200 : 20;
    constexpr unsigned attempts = 4;
    Device device(faulty_link(7));
    std::map<std::string, unsigned> failures;  // message -> count, for the report
    unsigned resets = 0;
    unsigned lost_after_success = 0;
    for (unsigned i = 0; i < uploads; ++i) {
        SCOPED_TRACE("upload " + std::to_string(i));
        const auto image = make_image(12000 + 37 * i, 5000 + i);
        bool landed = false;
        // Every tenth upload loses power once, mid-upload, in whichever attempt first gets
        // half way (an earlier attempt may have failed before that on the noisy link).
        bool reset_pending = i % 10 == 9;
        for (unsigned a = 0; a < attempts && !landed; ++a) {
            AsyncClient client(device.port);
            if (auto c = client.connect(); !c) {
                EXPECT_TRUE(clear_error(c.error())) << c.error().message();
                ++failures[c.error().message()];
                continue;
            }
            auto r = client.run(client.client.upload_image(
                image.bytes, quick_upload(), [&](const smp::UploadProgress& p) {
                    if (!reset_pending || p.bytes < p.total / 2)
                        return;
                    reset_pending = false;
                    // Mid-upload power cycle: the uploader waits behind this callback.
                    (void)reset_device(device.port);  // its answer may be lost: no check
                    ++resets;
                    std::this_thread::sleep_for(400ms);
                }));
            if (!r) {
                EXPECT_TRUE(clear_error(r.error())) << r.error().message();
                ++failures[r.error().message()];
                continue;
            }
            EXPECT_EQ(r->match, std::optional<bool>(true));
            auto state = read_state(device.port);
            if (!state) {
                EXPECT_TRUE(clear_error(state.error())) << state.error().message();
                ++failures[state.error().message()];
                continue;
            }
            landed = slot_hash(*state, 1) == image.hash;
            if (!landed) {
                // KNOWN ISSUE (seen about once in 15 runs, on a reset upload): success with
                // match true, yet the slot no longer holds the image when read back.
                // Suspected: a duplicated or held-back first chunk (off 0) of the same upload
                // reaching the device after completion starts a new upload there and erases
                // the slot (Zephyr img_mgmt does the same). Counted and printed, retried; not
                // yet asserted to be zero.
                ++lost_after_success;
                std::cout << "[ soak     ] upload " << i << ": slot 1 lost the image after a "
                          << "reported success (sends " << r->counters.sends << ", restarts "
                          << r->counters.restarts << ")\n";
            }
        }
        EXPECT_TRUE(landed) << "not on the device after " << attempts << " attempts";
    }
    EXPECT_EQ(resets, uploads / 10);
    std::cout << "[ soak     ] " << uploads << " uploads, " << resets << " mid-upload resets, "
              << lost_after_success << " lost after a reported success\n";
    for (const auto& [message, count] : failures)
        std::cout << "[ soak     ] " << count << "x failed attempt: " << message << "\n";
}

}  // namespace
