// SPDX-License-Identifier: Apache-2.0
// Image uploads over BLE against the fake BlueZ: the device's buffer matrix, faults on the
// link, power loss mid-upload, the upgrade routine end to end and connection-interval
// pacing. Every successful upload ends with the device's match AND an image state read whose
// slot 1 hash is the image's own hash.
#include "ble_rig.hpp"
#include "integration/client_runner.hpp"

#include <smp/client/client.hpp>
#include <smp/client/upgrade.hpp>
#include <smp/mcuboot/image_builder.hpp>
#include <smp/mcuboot/mcuboot_image.hpp>
#include <smp/protocol/messages/image.hpp>
#include <smp/transport/ble.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace smp;
using namespace std::chrono_literals;

constexpr std::size_t image_payload = 6000;  // ~6 KB: fast even at 96-byte buffers

struct BleClient : smp_it::ClientRunner {
    explicit BleClient(bool reassembly = false)
        : ClientRunner(
              [reassembly](asio::any_io_executor ex) {
                  return make_ble_transport(ex, BleOptions{.address = "C0:FF:EE:00:00:01",
                                                           .scan_timeout = 5s,
                                                           .reassembly = reassembly});
              },
              quiet(), 1s) {}
};

UploadOptions fast_upload() {
    UploadOptions o;
    o.chunk_timeout = 500ms;
    return o;
}

/// A temporary directory for the device's state (slots, boot state survive its resets).
struct TempDir {
    TempDir() {
        path = std::filesystem::temp_directory_path() /
               ("smp-ble-upload-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::filesystem::create_directories(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    std::filesystem::path path;
    static inline int counter = 0;
};

std::optional<Bytes> slot_hash(const image::StateResponse& state, std::uint32_t slot_number) {
    for (const auto& slot : state.images)
        if (slot.slot == slot_number && slot.image.value_or(0) == 0)
            return slot.hash;
    return std::nullopt;
}

Bytes read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// The hash the device reports for slot 1 of image 0, read back with image state read.
std::optional<Bytes> slot1_hash(BleClient& c) {
    const image::StateRead read;
    auto state = c.run(c.client.request(read));
    EXPECT_TRUE(state) << state.error().message();
    if (!state)
        return std::nullopt;
    return slot_hash(*state, 1);
}

/// Uploads `image` and checks the device's match and its slot 1 hash.
void upload_and_verify(BleClient& c, const Bytes& image, const UploadOptions& options) {
    auto uploaded = c.run(c.client.upload_image(image, options));
    ASSERT_TRUE(uploaded) << uploaded.error().message();
    EXPECT_EQ(uploaded->match, std::optional(true));
    EXPECT_EQ(slot1_hash(c), std::optional(mcuboot::parse_mcuboot_image(image).value().hash));
}

// ---- (a) the buffer matrix at MTU 247 ----

struct Cell {
    std::size_t buf_size = 0;
    std::size_t buf_count = 0;
    bool reassembly = false;
};

// gtest prints parameters in failure messages and --gtest_list_tests: values, not bytes.
void PrintTo(const Cell& c, std::ostream* out) {
    *out << "buf " << c.buf_size << "x" << c.buf_count << (c.reassembly ? ", reassembly" : "");
}

class BleUploadMatrix : public ::testing::TestWithParam<Cell> {};

TEST_P(BleUploadMatrix, UploadEndsWithMatchAndTheSlotHash) {
    const auto cell = GetParam();
    TempDir dir;
    std::vector<std::string> args{"--mtu",       "247",
                                  "--buf-size",  std::to_string(cell.buf_size),
                                  "--buf-count", std::to_string(cell.buf_count),
                                  "--state-dir", dir.path.string()};
    if (cell.reassembly)
        args.push_back("--reassembly");
    smp_ble_test::BleRig rig(args);
    BleClient c(cell.reassembly);
    auto connected = c.run(c.client.connect());
    ASSERT_TRUE(connected) << connected.error().message();
    EXPECT_EQ(c.client.params().buf_size, cell.buf_size);
    EXPECT_EQ(c.client.params().buf_count, cell.buf_count);
    // Without reassembly each request must fit one write of ATT_MTU - 3 bytes.
    EXPECT_EQ(c.client.params().message_budget,
              cell.reassembly ? cell.buf_size : std::min<std::size_t>(cell.buf_size, 244));

    const auto image = smp_it::test_image(image_payload);
    auto uploaded = c.run(c.client.upload_image(image, fast_upload()));
    ASSERT_TRUE(uploaded) << uploaded.error().message();
    // 96 bytes cannot carry the sha with the first image bytes: no match check then.
    EXPECT_EQ(uploaded->match, cell.buf_size == 96 ? std::nullopt : std::optional(true));

    const auto hash = mcuboot::parse_mcuboot_image(image).value().hash;
    const image::StateRead read;
    auto state = c.run(c.client.request(read));
    if (cell.buf_size >= 256) {
        ASSERT_TRUE(state) << state.error().message();
        EXPECT_EQ(slot_hash(*state, 1), std::optional(hash));
        return;
    }
    // The two-slot state list does not fit a 96- or 128-byte buffer: the device says so
    // (MGMT_ERR_EMSGSIZE, as Zephyr), and slot 1 is checked in its flushed flash instead.
    ASSERT_FALSE(state);
    ASSERT_TRUE(state.error().device);
    EXPECT_EQ(state.error().device->rc, static_cast<std::int64_t>(Rc::message_too_large))
        << state.error().message();
    const auto slot = read_file(dir.path / "slot1.bin");
    ASSERT_GE(slot.size(), image.size());
    EXPECT_TRUE(std::equal(image.begin(), image.end(), slot.begin()));
}

std::vector<Cell> matrix() {
    std::vector<Cell> cells;
    for (std::size_t size : {96, 128, 256, 384, 512, 1024, 2048, 4096})
        for (std::size_t count : {1, 2, 4})
            cells.push_back(Cell{size, count, false});
    for (const auto& cell : {Cell{256, 1, true}, Cell{1024, 4, true}, Cell{4096, 2, true}})
        cells.push_back(cell);
    return cells;
}

INSTANTIATE_TEST_SUITE_P(Mtu247, BleUploadMatrix, ::testing::ValuesIn(matrix()),
                         [](const ::testing::TestParamInfo<Cell>& cell) {
                             return "buf" + std::to_string(cell.param.buf_size) + "x" +
                                    std::to_string(cell.param.buf_count) +
                                    (cell.param.reassembly ? "_reassembly" : "");
                         });

// ---- (b) faults on the link ----

class BleUploadFaults : public ::testing::TestWithParam<std::vector<std::string>> {};

TEST_P(BleUploadFaults, UploadCompletesWithTheRightImage) {
    std::vector<std::string> args{"--mtu",       "247", "--buf-size", "512",
                                  "--buf-count", "4",   "--seed",     "7"};
    for (const auto& a : GetParam())
        args.push_back(a);
    smp_ble_test::BleRig rig(args);
    BleClient c;
    auto connected = c.run(c.client.connect());
    ASSERT_TRUE(connected) << connected.error().message();
    auto options = fast_upload();
    options.chunk_timeout = 300ms;
    upload_and_verify(c, smp_it::test_image(image_payload), options);
}

INSTANTIATE_TEST_SUITE_P(Faults, BleUploadFaults,
                         ::testing::Values(std::vector<std::string>{"--loss", "0.1"},
                                           std::vector<std::string>{"--dup", "0.2"},
                                           std::vector<std::string>{"--reorder", "0.2"},
                                           std::vector<std::string>{"--loss", "0.05", "--dup",
                                                                    "0.05", "--reorder", "0.05"}),
                         [](const ::testing::TestParamInfo<std::vector<std::string>>& faults) {
                             // "loss_dup_reorder". Appended piece by piece: `"_" +
                             // std::string&&` makes g++ 12 at -O3 report a bogus
                             // -Warray-bounds memcpy (the inlining behind GCC bug 105651's
                             // bogus -Wrestrict), fatal under -Werror.
                             std::string name;
                             for (std::size_t i = 0; i + 1 < faults.param.size(); i += 2) {
                                 if (!name.empty())
                                     name += '_';
                                 name += std::string_view(faults.param[i]).substr(2);
                             }
                             return name;
                         });

// ---- (c) power loss mid-upload ----

TEST(BleUpload, PowerLossMidUploadReportsLinkLostAndAReconnectFinishesTheUpload) {
    TempDir dir;
    smp_ble_test::BleRig rig({"--mtu", "247", "--buf-size", "512", "--buf-count", "4",
                              "--reset-at-offset", "3000", "--state-dir", dir.path.string()});
    BleClient c;
    ASSERT_TRUE(c.run(c.client.connect()));
    const auto image = smp_it::test_image(image_payload);
    auto interrupted = c.run(c.client.upload_image(image, fast_upload()));
    ASSERT_FALSE(interrupted);
    EXPECT_EQ(interrupted.error().code, make_error_code(Errc::not_connected))
        << interrupted.error().message();
    EXPECT_NE(interrupted.error().message().find("link lost"), std::string::npos)
        << interrupted.error().message();

    // The device rebooted: the transport connects to it again and the upload completes.
    auto again = c.run(c.client.connect());
    ASSERT_TRUE(again) << again.error().message();
    upload_and_verify(c, image, fast_upload());
}

// ---- (d) the upgrade routine ----

Bytes versioned_image(std::uint8_t major) {
    Bytes payload(image_payload);
    for (std::size_t i = 0; i < payload.size(); ++i)
        payload[i] = static_cast<std::uint8_t>(i * 11 + major);
    mcuboot::ImageBuildOptions o;
    o.version = mcuboot::ImageVersion{.major = major};
    return mcuboot::build_mcuboot_image(payload, o).value();
}

/// The upgrade routine with the fast upload and a short pause between reconnect attempts.
UpgradeOptions quick_upgrade() {
    UpgradeOptions options;
    options.upload = fast_upload();
    options.reconnect_interval = 300ms;
    options.reconnect_timeout = 10s;
    return options;
}

TEST(BleUpload, UpgradeRoutineReconnectsAfterTheResetAndEndsConfirmed) {
    TempDir dir;
    smp_ble_test::BleRig rig({"--mtu", "247", "--buf-size", "1024", "--buf-count", "4",
                              "--state-dir", dir.path.string()});
    BleClient c;
    ASSERT_TRUE(c.run(c.client.connect()));
    UpgradeOptions options = quick_upgrade();
    std::vector<UpgradeStep> steps;
    const auto image = versioned_image(2);
    auto upgraded = c.run(
        upgrade(c.client, image, options, [&](const UpgradeEvent& e) { steps.push_back(e.step); }));
    ASSERT_TRUE(upgraded) << upgraded.error().message();
    EXPECT_EQ(upgraded->version, "2.0.0");
    EXPECT_NE(std::find(steps.begin(), steps.end(), UpgradeStep::reconnect), steps.end());
    EXPECT_NE(std::find(steps.begin(), steps.end(), UpgradeStep::confirm), steps.end());

    // Over the reconnected link: the new image runs from slot 0, confirmed.
    const image::StateRead read;
    auto state = c.run(c.client.request(read));
    ASSERT_TRUE(state) << state.error().message();
    const auto hash = mcuboot::parse_mcuboot_image(image).value().hash;
    bool running = false;
    for (const auto& slot : state->images)
        if (slot.active && slot.confirmed && slot.hash == hash)
            running = true;
    EXPECT_TRUE(running);
}

// A link lost mid-upload (not a reboot): the routine connects again and the device, which
// kept the interrupted upload, continues it at its own offset; nothing already accepted is
// uploaded again.
TEST(BleUpload, UpgradeRoutineResumesTheUploadAfterALostLink) {
    TempDir dir;
    smp_ble_test::BleRig rig({"--mtu", "247", "--buf-size", "1024", "--buf-count", "4",
                              "--state-dir", dir.path.string(), "--drop-after", "12"});
    BleClient c;
    ASSERT_TRUE(c.run(c.client.connect()));
    UpgradeOptions options = quick_upgrade();
    std::vector<std::string> upload_events;
    std::vector<std::uint64_t> accepted;  // progress, with a 0 marking the reconnect
    const auto on_step = [&](const UpgradeEvent& e) {
        if (e.step == UpgradeStep::upload)
            upload_events.push_back(e.message);
        if (e.step == UpgradeStep::reconnect && accepted.size() > 0 && accepted.back() != 0)
            accepted.push_back(0);
    };
    const auto on_progress = [&](const UploadProgress& p) { accepted.push_back(p.bytes); };
    const auto image = versioned_image(3);
    auto upgraded = c.run(upgrade(c.client, image, options, on_step, on_progress));
    ASSERT_TRUE(upgraded) << upgraded.error().message();
    EXPECT_EQ(upgraded->version, "3.0.0");
    EXPECT_EQ(upgraded->upload_reconnects, 1u);
    ASSERT_EQ(upload_events.size(), 2u);  // "uploading to", then the lost link
    EXPECT_NE(upload_events[1].find("link lost"), std::string::npos) << upload_events[1];
    EXPECT_NE(upload_events[1].find("resume"), std::string::npos) << upload_events[1];

    // Resumed, not restarted: the first offset after the reconnect is at least the last
    // one accepted before the link went.
    const auto gap = std::find(accepted.begin(), accepted.end(), 0u);
    ASSERT_NE(gap, accepted.end()) << "no progress before the link was lost";
    ASSERT_NE(gap, accepted.begin());
    ASSERT_NE(gap + 1, accepted.end());
    EXPECT_GE(*(gap + 1), *(gap - 1));
    EXPECT_EQ(upgraded->upload.counters.restarts, 0u);
}

TEST(BleUpload, UpgradeWithoutUploadReconnectsFailsAtUploadOnALostLink) {
    TempDir dir;
    smp_ble_test::BleRig rig(
        {"--mtu", "247", "--state-dir", dir.path.string(), "--drop-after", "12"});
    BleClient c;
    ASSERT_TRUE(c.run(c.client.connect()));
    UpgradeOptions options = quick_upgrade();
    options.upload_reconnects = 0;
    auto upgraded = c.run(upgrade(c.client, versioned_image(3), options));
    ASSERT_FALSE(upgraded);
    EXPECT_EQ(upgraded.error().code, make_error_code(Errc::not_connected));
    const auto text = upgraded.error().message();
    EXPECT_NE(text.find("upgrade failed at upload"), std::string::npos) << text;
    EXPECT_NE(text.find("link lost"), std::string::npos) << text;
}

// ---- (e) connection-interval pacing ----

nlohmann::json read_json(const std::filesystem::path& path) {
    std::ifstream in(path);
    return nlohmann::json::parse(in);
}

TEST(BleUpload, PacedLinkMovesAtMostNPacketsPerConnectionEventAndTheWindowCompletes) {
    TempDir dir;
    const auto stats = dir.path / "pacing.json";
    // With reassembly a 1024-byte request is 5 writes at MTU 247: more than one event's worth.
    smp_ble_test::BleRig rig({"--mtu", "247", "--reassembly", "--buf-size", "1024", "--buf-count",
                              "4", "--conn-interval-ms", "7.5", "--packets-per-interval", "2",
                              "--stats-file", stats.string()});
    BleClient c(true);
    ASSERT_TRUE(c.run(c.client.connect()));
    EXPECT_EQ(c.client.params().window, 3u);
    upload_and_verify(c, smp_it::test_image(image_payload), fast_upload());
    ASSERT_EQ(rig.bluez.stop(), 0);  // writes the counters on exit

    const auto pacing = read_json(stats);
    EXPECT_GT(pacing.at("events").get<std::uint64_t>(), 0u);
    EXPECT_LE(pacing.at("max_writes_per_event").get<std::size_t>(), 2u);
    EXPECT_LE(pacing.at("max_notifications_per_event").get<std::size_t>(), 2u);
    // The client wrote faster than the link could carry: pacing held packets back.
    EXPECT_GT(pacing.at("max_write_backlog").get<std::size_t>(), 2u);
}

}  // namespace
