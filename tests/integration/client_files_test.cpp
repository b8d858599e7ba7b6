// SPDX-License-Identifier: Apache-2.0
// Client::upload_file / download_file against the real smpsim (its fs group works on a
// sandboxed directory): exact chunks, progress both ways, and the FS 11 offset rule.
#include <smp/client/blocking_client.hpp>
#include <smp/protocol/messages/fs.hpp>
#include <smp/transport/udp.hpp>

#include <filesystem>
#include <fstream>
#include <thread>

#include "smpsim_udp.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace smp;
using namespace std::chrono_literals;

struct FsRoot : smp::test::TempDir {
    FsRoot() : TempDir("smp-files-") {}
    Bytes read(const std::string& name) const {
        std::ifstream in(path / name, std::ios::binary);
        return Bytes(std::istreambuf_iterator<char>(in), {});
    }
};

Bytes pattern(std::size_t size) {
    Bytes b(size);
    for (std::size_t i = 0; i < size; ++i)
        b[i] = static_cast<std::uint8_t>(i * 31 + i / 251);
    return b;
}

class ClientFiles : public ::testing::TestWithParam<std::size_t> {};

TEST_P(ClientFiles, UploadThenDownloadRoundTripsWithProgress) {
    const std::size_t size = GetParam();
    FsRoot root;
    smp_it::SmpsimProcess sim(
        {"--udp", "127.0.0.1:0", "--buf-size", "512", "--fs-root", root.path.string()}, 1);
    smp_it::ClientRunner c(smp_it::sim_udp(sim));
    ASSERT_TRUE(c.run(c.client.connect()));
    const Bytes data = pattern(size);
    std::vector<std::uint64_t> up;
    auto uploaded = c.run(c.client.upload_file(
        "/blob.bin", data, {}, [&](const UploadProgress& p) { up.push_back(p.bytes); }));
    ASSERT_TRUE(uploaded) << uploaded.error().message();
    EXPECT_EQ(root.read("blob.bin"), data);
    ASSERT_FALSE(up.empty());
    EXPECT_EQ(up.back(), size);
    EXPECT_TRUE(std::is_sorted(up.begin(), up.end()));
    if (size > 1000) {
        EXPECT_GE(up.size(), size / 500);  // chunks fill the 512-byte budget, not more
    }

    std::vector<std::uint64_t> down;
    std::uint64_t announced = 0;
    auto downloaded = c.run(c.client.download_file("/blob.bin", {}, [&](const UploadProgress& p) {
        down.push_back(p.bytes);
        announced = p.total;
    }));
    ASSERT_TRUE(downloaded) << downloaded.error().message();
    EXPECT_EQ(*downloaded, data);
    EXPECT_EQ(announced, size);
    if (size > 0) {
        EXPECT_EQ(down.back(), size);
    }
}

INSTANTIATE_TEST_SUITE_P(Sizes, ClientFiles, ::testing::Values(0u, 1u, 497u, 5000u, 40000u),
                         [](const auto& param_info) {
                             return "Bytes" + std::to_string(param_info.param);
                         });

// The device's offset rule as the client relies on it: a chunk at an unexpected offset is
// refused with FS 11; a client upload over another writer's half-done one restarts at 0.
TEST(ClientFiles, WrongOffsetIsRefusedAndAnotherWritersUploadIsRestarted) {
    FsRoot root;
    smp_it::SmpsimProcess sim({"--udp", "127.0.0.1:0", "--fs-root", root.path.string()}, 1);
    smp_it::ClientRunner c(smp_it::sim_udp(sim));
    ASSERT_TRUE(c.run(c.client.connect()));
    const Bytes data = pattern(3000);
    // Someone already wrote the first 1000 bytes of this very upload.
    const fs::FileUpload first{.off = 0,
                               .data = Bytes(data.begin(), data.begin() + 1000),
                               .name = "/f.bin",
                               .len = data.size()};
    ASSERT_TRUE(c.run(c.client.request(first)));
    // A chunk at 1500 is refused with the offset the device expects.
    const fs::FileUpload gap{.off = 1500, .data = Bytes(10, 1), .name = "/f.bin"};
    auto refused = c.run(c.client.request(gap));
    ASSERT_FALSE(refused);
    ASSERT_TRUE(refused.error().device);
    EXPECT_EQ(refused.error().device->rc, 11);
    // The client's own upload starts at 0 (restarting the file) and ends with the whole file.
    auto uploaded = c.run(c.client.upload_file("/f.bin", data));
    ASSERT_TRUE(uploaded) << uploaded.error().message();
    EXPECT_EQ(root.read("f.bin"), data);
}

// Lost answers make the client resend a chunk the device already wrote: the device refuses
// it with FS 11 and "len", and the client continues from that offset.
TEST(ClientFiles, UploadAndDownloadSurviveALossyLink) {
    FsRoot root;
    smp_it::SmpsimProcess sim({"--udp", "127.0.0.1:0", "--buf-size", "512", "--fs-root",
                               root.path.string(), "--loss", "0.15", "--seed", "11"},
                              1);
    auto options = smp_it::ClientRunner::quiet();
    options.timeout = 300ms;
    options.retries = 8;
    options.backoff = 10ms;
    smp_it::ClientRunner c(smp_it::sim_udp(sim), options);
    ASSERT_TRUE(c.run(c.client.connect()));
    const Bytes data = pattern(8000);
    FileTransferOptions transfer;
    transfer.chunk_timeout = 300ms;
    transfer.max_offset_corrections = 50;
    auto uploaded = c.run(c.client.upload_file("/lossy.bin", data, transfer));
    ASSERT_TRUE(uploaded) << uploaded.error().message();
    EXPECT_EQ(root.read("lossy.bin"), data);
    auto downloaded = c.run(c.client.download_file("/lossy.bin", transfer));
    ASSERT_TRUE(downloaded) << downloaded.error().message();
    EXPECT_EQ(*downloaded, data);
}

// Zephyr closes the file of a transfer left idle for
// CONFIG_MCUMGR_GRP_FS_FILE_AUTOMATIC_IDLE_CLOSE_TIME (smpsim --fs-idle-close-ms). A host
// pausing mid-upload (slow disk, a prompt) shorter than that continues on the open file;
// one pausing longer continues on the re-opened file at its size, which is where it stopped.
struct PausedUpload {
    std::uint32_t idle_close_ms = 0;
    std::chrono::milliseconds pause{0};
};

// gtest prints parameters in failure messages and --gtest_list_tests: values, not bytes.
void PrintTo(const PausedUpload& p, std::ostream* out) {
    *out << "idle close " << p.idle_close_ms << " ms, pause " << p.pause.count() << " ms";
}

class ClientFilesPaused : public ::testing::TestWithParam<PausedUpload> {};

TEST_P(ClientFilesPaused, UploadAndDownloadCompleteAfterAPause) {
    FsRoot root;
    smp_it::SmpsimProcess sim(
        {"--udp", "127.0.0.1:0", "--buf-size", "512", "--fs-root", root.path.string(),
         "--fs-idle-close-ms", std::to_string(GetParam().idle_close_ms)},
        1);
    smp_it::ClientRunner c(smp_it::sim_udp(sim));
    ASSERT_TRUE(c.run(c.client.connect()));
    const Bytes data = pattern(6000);
    int pauses = 0;
    // Progress runs on the client's I/O thread: sleeping there holds back the next chunk.
    auto pause_once = [&](const UploadProgress& p) {
        if (pauses == 0 && p.bytes > 0 && p.bytes < data.size()) {
            ++pauses;
            std::this_thread::sleep_for(GetParam().pause);
        }
    };
    auto uploaded = c.run(c.client.upload_file("/paused.bin", data, {}, pause_once));
    ASSERT_TRUE(uploaded) << uploaded.error().message();
    EXPECT_EQ(pauses, 1);
    EXPECT_EQ(root.read("paused.bin"), data);
    pauses = 0;
    auto downloaded = c.run(c.client.download_file("/paused.bin", {}, pause_once));
    ASSERT_TRUE(downloaded) << downloaded.error().message();
    EXPECT_EQ(pauses, 1);
    EXPECT_EQ(*downloaded, data);
}

std::string pause_name(const ::testing::TestParamInfo<PausedUpload>& p) {
    const bool longer = p.param.pause >= std::chrono::milliseconds(p.param.idle_close_ms);
    return longer ? "LongerThanIdleClose" : "ShorterThanIdleClose";
}

INSTANTIATE_TEST_SUITE_P(
    IdleClose, ClientFilesPaused,
    ::testing::Values(PausedUpload{.idle_close_ms = 1000, .pause = 200ms},  // stays open
                      PausedUpload{.idle_close_ms = 50, .pause = 300ms}),   // closed meanwhile
    pause_name);

TEST(ClientFiles, BlockingFacadeTransfersFiles) {
    FsRoot root;
    smp_it::SmpsimProcess sim({"--udp", "127.0.0.1:0", "--fs-root", root.path.string()}, 1);
    BlockingClient client(smp_it::sim_udp_options(sim), smp_it::ClientRunner::quiet());
    ASSERT_TRUE(client.connect());
    const Bytes data = pattern(4000);
    ASSERT_TRUE(client.upload_file("/b.bin", data));
    auto back = client.download_file("/b.bin");
    ASSERT_TRUE(back) << back.error().message();
    EXPECT_EQ(*back, data);
}

TEST(ClientFiles, MissingFileIsADeviceError) {
    FsRoot root;
    smp_it::SmpsimProcess sim({"--udp", "127.0.0.1:0", "--fs-root", root.path.string()}, 1);
    smp_it::ClientRunner c(smp_it::sim_udp(sim));
    ASSERT_TRUE(c.run(c.client.connect()));
    auto downloaded = c.run(c.client.download_file("/nope.bin"));
    ASSERT_FALSE(downloaded);
    ASSERT_TRUE(downloaded.error().device);
    EXPECT_EQ(downloaded.error().device->group, to_underlying(Group::fs));
}

}  // namespace
