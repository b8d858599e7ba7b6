// SPDX-License-Identifier: Apache-2.0
// End-to-end tests of smpctl's exit code per error class, against the real smpsim binary.
#include "smpctl/smpctl_fixture.hpp"

namespace {

using namespace smpctl_test;

// ---- exit codes per error class

TEST_F(SmpctlTest, UsageErrorsExitWith2) {
    EXPECT_EQ(ctl({"os", "frobnicate"}).code, 2);
    EXPECT_EQ(ctl({"os", "echo"}).code, 2);  // missing TEXT
    EXPECT_EQ(ctl({"raw", "0", "0", "not json"}).code, 2);
    EXPECT_EQ(ctl({"image", "test", "xyz"}).code, 2);
    auto r = offline({"os", "echo", "hi"});  // no --conn, no SMP_CONN
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("SMP_CONN"), std::string::npos) << r.err;
    r = offline({"--conn", "udp://[::1", "os", "echo", "hi"});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("missing ']'"), std::string::npos) << r.err;
    EXPECT_EQ(offline({"--conn", "carrier-pigeon://x", "os", "echo", "hi"}).code, 2);
}

TEST_F(SmpctlTest, DeviceErrorsExitWith3AndNameTheError) {
    install("1.0.0");
    auto r = ctl_json({"image", "erase", "--slot", "0"});  // the active slot
    EXPECT_EQ(r.code, 3) << r.err;
    EXPECT_TRUE(r.doc()["error"].contains("device"));
    EXPECT_NE(r.err.find("IMG_MGMT_ERR"), std::string::npos) << r.err;

    r = ctl_json({"settings", "get", "no/such/key"});
    EXPECT_EQ(r.code, 3);
    EXPECT_EQ(r.doc()["error"]["device"]["name"], "SETTINGS_MGMT_ERR_KEY_NOT_FOUND");
}

TEST_F(SmpctlTest, SilentPeerTimesOutWith4) {
    const int sock = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    socklen_t len = sizeof addr;
    ::getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len);
    const auto uri = "udp://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
    const auto r = offline(
        {"--json", "--conn", uri, "--timeout", "0.2", "--retries", "0", "os", "echo", "hi"});
    ::close(sock);
    EXPECT_EQ(r.code, 4) << r.err;
    EXPECT_EQ(r.doc()["error"]["exit_code"], 4);
    EXPECT_NE(r.err.find(uri), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--timeout"), std::string::npos) << r.err;
}

TEST_F(SmpctlTest, MissingSerialDeviceIsATransportFailure) {
    const auto r = offline({"--conn", "serial:///dev/does-not-exist", "os", "echo", "hi"});
    EXPECT_EQ(r.code, 5) << r.err;
    EXPECT_NE(r.err.find("/dev/does-not-exist"), std::string::npos) << r.err;
}

TEST_F(SmpctlTest, BadInputFilesExitWith6) {
    EXPECT_EQ(offline({"image", "inspect", (tmp_.path / "missing.bin").string()}).code, 6);
    const auto junk = (tmp_.path / "junk.bin").string();
    std::ofstream(junk, std::ios::binary) << std::string(100, 'x');
    const auto r = offline({"image", "inspect", junk});
    EXPECT_EQ(r.code, 6);
    EXPECT_NE(r.err.find("junk.bin"), std::string::npos) << r.err;
    EXPECT_EQ(ctl({"image", "upload", junk}).code, 6);
}

}  // namespace
