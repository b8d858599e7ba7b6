// SPDX-License-Identifier: Apache-2.0
// The file system group on the builds that have it (UDP, and the UART build with a 1024-byte
// buffer), within their 16 KiB littlefs (4 blocks of 4 KiB), and the device's error when it
// is full; UDP over IPv4 and IPv6, with a datagram of the largest size the device reads
// (its 1500-byte receive buffer, below the 2048-byte buf_size it advertises).
#include "real_server_test.hpp"

#include <smp/mcuboot/sha256.hpp>
#include <smp/protocol/error.hpp>
#include <smp/protocol/message.hpp>
#include <smp/protocol/messages/fs.hpp>
#include <smp/protocol/messages/os.hpp>

namespace smp_zephyr {
namespace {

using Files = RealServerTest;

TEST_P(Files, UploadStatusHashAndDownloadAgree) {
    const auto data = patterned_bytes(3000);
    const std::string name = "/lfs1/real.bin";
    auto written = client_->upload_file(name, data);
    ASSERT_TRUE(written) << written.error().message() << "\nserver output:\n" << server_->output();
    EXPECT_EQ(ok(smp::fs::FileStatus{.name = name}).len, data.size());
    const auto sha = ok(smp::fs::FileHash{.name = name, .type = "sha256"});
    EXPECT_EQ(sha.type, "sha256");
    EXPECT_EQ(sha.len, data.size());
    const auto digest = smp::mcuboot::sha256(data);
    EXPECT_EQ(std::get<smp::Bytes>(sha.output), smp::Bytes(digest.begin(), digest.end()));
    const auto crc = ok(smp::fs::FileHash{.name = name});
    EXPECT_EQ(crc.type, "crc32");  // the device's default
    auto read = client_->download_file(name);
    ASSERT_TRUE(read) << read.error().message();
    EXPECT_EQ(*read, data);
    ok(smp::fs::FileClose{});
}

TEST_P(Files, AMissingFileIsNotFound) {
    auto status = client_->request(smp::fs::FileStatus{.name = "/lfs1/absent.bin"});
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().code, smp::FsError::file_not_found) << status.error().message();
    auto read = client_->download_file("/lfs1/absent.bin");
    ASSERT_FALSE(read);
    EXPECT_EQ(read.error().code, smp::FsError::file_not_found) << read.error().message();
}

TEST_P(Files, AFileLargerThanTheFileSystemFailsWithTheDevicesWriteError) {
    // 16 KiB of littlefs holds about 8 KiB of file (measured: the write fails near 7.8 KiB).
    auto written = client_->upload_file("/lfs1/too_big.bin", patterned_bytes(9000));
    ASSERT_FALSE(written) << "9000 bytes fitted in a 16 KiB littlefs";
    EXPECT_EQ(written.error().code, smp::FsError::file_write_failed) << written.error().message();
    EXPECT_TRUE(written.error().device.has_value());
    // The device goes on answering, and smaller files still fit.
    EXPECT_EQ(ok(smp::os::Echo{.d = "after"}).r, "after");
    auto small = client_->upload_file("/lfs1/small.bin", patterned_bytes(1000));
    EXPECT_TRUE(small) << small.error().message();
}

INSTANTIATE_TEST_SUITE_P(Udp, Files, ::testing::Values("udp"), config_name);
INSTANTIATE_TEST_SUITE_P(Uart, Files, ::testing::Values("serial_fs"), config_name);

using UdpLink = RealServerTest;

TEST_P(UdpLink, EchoAndParamsOverTheAddressFamily) {
    EXPECT_EQ(server_->endpoint().address, spec().ip_family == "ipv6" ? "::1" : "127.0.0.1");
    EXPECT_EQ(ok(smp::os::Echo{.d = "over " + *spec().ip_family}).r, "over " + *spec().ip_family);
    EXPECT_EQ(ok(smp::os::McumgrParams{}).buf_size, 2048u);
}

TEST_P(UdpLink, ADatagramOfTheDevicesReceiveBufferRoundTrips) {
    // buf_size says 2048, but Zephyr reads datagrams into CONFIG_MCUMGR_TRANSPORT_UDP_MTU
    // (1500) bytes: the client's budget is the smaller one, and that size is answered.
    ASSERT_EQ(client_->params().message_budget, 1500u);
    smp::os::Echo echo;
    for (std::size_t n = 1480; n < 1500; ++n) {
        echo.d.assign(n, 'U');
        if (8 + smp::encode_payload(echo).size() == 1500)
            break;
    }
    ASSERT_EQ(8 + smp::encode_payload(echo).size(), 1500u);
    EXPECT_EQ(ok(echo).r, echo.d);
}

INSTANTIATE_TEST_SUITE_P(Udp, UdpLink, ::testing::Values("udp", "udp6"), config_name);

}  // namespace
}  // namespace smp_zephyr
