// SPDX-License-Identifier: Apache-2.0
// Uploads interrupted at chunk boundaries, as MCUboot's simulator interrupts at every flash
// operation: (a) the client process is killed after k chunks and a new process resumes from
// the device's offset, sending at most one chunk again; (b) the device resets after k chunks,
// forgets the upload (Zephyr keeps no upload state across a reboot) and the upload starts over and
// completes. Every run ends with the new image in slot 1 and the old image still the active
// one. CI samples boundaries; SMP_RELIABILITY_FULL=1 runs every k = 1..N-1.
#include <csignal>
#include <fstream>
#include <thread>

#include "reliability/reliability_support.hpp"
#include "smpctl/smpctl_process.hpp"

namespace {

using namespace smp_rel;

// 512-byte device buffers make a ~6 KiB image a dozen chunks.
const std::vector<std::string> small_buffers{"--buf-size", "512", "--buf-count", "4"};
constexpr std::size_t payload_size = 6000;

// Chunk boundaries of a clean window-1 upload, in the order the device acknowledged them.
std::vector<std::uint64_t> boundaries(std::uint16_t port, const TestImage& image) {
    AsyncClient c(port);
    EXPECT_TRUE(c.connect());
    std::vector<std::uint64_t> acked;
    auto r = c.run(c.client.upload_image(image.bytes, quick_upload(1), [&](const auto& p) {
        if (p.bytes > 0 && (acked.empty() || acked.back() != p.bytes))
            acked.push_back(p.bytes);
    }));
    EXPECT_TRUE(r) << r.error().message();
    return acked;
}

std::vector<std::size_t> sample(std::size_t chunks) {
    std::vector<std::size_t> ks;
    if (full_run()) {
        for (std::size_t k = 1; k < chunks; ++k)
            ks.push_back(k);
    } else {
        ks = {1, 2, chunks / 2, chunks - 1};
    }
    return ks;
}

struct Baseline {
    smp::Bytes active{};
    std::size_t chunks = 0;
};

Baseline calibrate(Device& device) {
    Baseline b;
    b.active = install_running_image(device.port, make_image(payload_size, 4242));
    b.chunks = boundaries(device.port, make_image(payload_size, 999)).size();
    EXPECT_GE(b.chunks, 8u) << "image too small to interrupt meaningfully";
    return b;
}

void expect_landed(std::uint16_t port, const TestImage& image, const Baseline& base) {
    auto state = read_state(port);
    ASSERT_TRUE(state) << state.error().message();
    EXPECT_EQ(slot_hash(*state, 1), image.hash) << "slot 1 does not hold the uploaded image";
    EXPECT_EQ(active_hash(*state), base.active) << "the running image changed";
}

/// Writes `image` to a file in `dir` for the killed uploader process.
std::string image_file(const smpctl_test::TempDir& dir, const TestImage& image) {
    const auto path = (dir.path / "image.bin").string();
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(image.bytes.data()),
               static_cast<std::streamsize>(image.bytes.size()));
    return path;
}

// (a) The client PROCESS is killed (SIGKILL, requests in flight) after the device acknowledged
// chunk k, with one chunk in flight and with the automatic window; a new process resumes.
class KilledClient : public ::testing::TestWithParam<std::size_t> {};

TEST_P(KilledClient, ProcessKilledAtEachBoundaryResumesWithAtMostOneChunkAgain) {
    const std::size_t window = GetParam();
    Device device(small_buffers);
    const auto base = calibrate(device);
    smpctl_test::TempDir dir;
    for (auto k : sample(base.chunks)) {
        SCOPED_TRACE("killed after chunk " + std::to_string(k) + " of " +
                     std::to_string(base.chunks) + ", window " + std::to_string(window));
        const auto image = make_image(payload_size, static_cast<std::uint32_t>(k + 1000 * window));
        const auto killed =
            smpctl_test::run_program(KILLED_UPLOADER_PATH,
                                     {std::to_string(device.port), image_file(dir, image),
                                      std::to_string(k), std::to_string(window)},
                                     dir.path, 60s);
        ASSERT_EQ(killed.code, 128 + SIGKILL) << "the uploader was not killed: " << killed.err;
        {
            auto state = read_state(device.port);
            ASSERT_TRUE(state) << state.error().message();
            EXPECT_EQ(active_hash(*state), base.active) << "interrupted upload changed the boot";
        }
        AsyncClient second(device.port);
        ASSERT_TRUE(second.connect());
        auto r = second.run(second.client.upload_image(image.bytes, quick_upload(1)));
        ASSERT_TRUE(r) << r.error().message();
        EXPECT_EQ(r->match, std::optional<bool>(true));
        // The probe (first chunk with the sha, answered with the device's offset) is the one
        // chunk sent again; everything after the device's offset is sent once. Chunks the
        // dead process left in flight may have landed, which only shortens the rest.
        const auto remaining = static_cast<std::uint64_t>(base.chunks - k);
        EXPECT_LE(r->counters.sends, remaining + 1)
            << "killed at " << killed.out << " but the new process sent " << r->counters.sends;
        EXPECT_EQ(r->counters.restarts, 0u) << "the device's upload state was not reused";
        expect_landed(device.port, image, base);
    }
}

INSTANTIATE_TEST_SUITE_P(InterruptedUpload, KilledClient, ::testing::Values(1u, 0u),
                         [](const auto& param_info) {
                             return param_info.param == 0 ? std::string("AutomaticWindow")
                                                          : std::string("WindowOne");
                         });

TEST(InterruptedUpload, DeviceResetAtEachBoundaryStartsOverAndCompletes) {
    Device device(small_buffers);
    const auto base = calibrate(device);
    for (auto k : sample(base.chunks)) {
        SCOPED_TRACE("device reset after chunk " + std::to_string(k) + " of " +
                     std::to_string(base.chunks));
        const auto image = make_image(payload_size, 100 + static_cast<std::uint32_t>(k));
        AsyncClient client(device.port);
        ASSERT_TRUE(client.connect());
        std::size_t seen = 0;
        std::uint64_t last = 0;
        auto r = client.run(client.client.upload_image(
            image.bytes, quick_upload(1), [&](const smp::UploadProgress& p) {
                if (p.bytes == 0 || p.bytes == last)
                    return;
                last = p.bytes;
                if (++seen != k)
                    return;
                // Holds the uploader (its next chunk is queued behind this callback) while
                // another client resets the device and the reboot happens.
                auto reset = reset_device(device.port);
                EXPECT_TRUE(reset) << reset.error().message();
                std::this_thread::sleep_for(400ms);
            }));
        ASSERT_TRUE(r) << r.error().message();
        EXPECT_EQ(r->match, std::optional<bool>(true));
        EXPECT_GE(r->counters.restarts, 1u) << "the upload did not notice the reset";
        expect_landed(device.port, image, base);
    }
}

}  // namespace
