// SPDX-License-Identifier: Apache-2.0
// smpctl over dtls:// against smpsim --dtls (mbedTLS): the upgrade, the upgrade resumed after
// a power loss mid-upload (the session is lost with the device's RAM), and each bad input
// ending with its clear message and exit code in bounded time.
#include "integration/smpsim_process.hpp"
#include "smpctl/smpctl_process.hpp"
#include "support/dtls_credentials.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using namespace smpctl_test;
using smp_test::DtlsCredentials;

constexpr char psk_hex[] = "000102030405060708090a0b0c0d0e0f";

std::vector<std::string> cert_server(std::vector<std::string> extra = {}) {
    const auto& c = DtlsCredentials::get();
    std::vector<std::string> args{"--dtls",      "127.0.0.1:0", "--dtls-cert",
                                  c.server_cert, "--dtls-key",  c.server_key};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

std::string port_of(const smp_it::SmpsimProcess& sim) {
    const auto address = sim.ready.at(0)["address"].get<std::string>();
    return address.substr(address.rfind(':') + 1);
}

std::string uri(const smp_it::SmpsimProcess& sim, const std::string& query) {
    return "dtls://127.0.0.1:" + port_of(sim) + "?" + query;
}

std::string ca_query() {
    return "ca=" + DtlsCredentials::get().ca;
}

class SmpctlDtls : public ::testing::Test {
  protected:
    RunResult ctl(const std::string& conn, std::vector<std::string> args,
                  std::chrono::seconds deadline = std::chrono::seconds(60)) {
        args.insert(args.begin(), {"--conn", conn});
        return run_smpctl(args, tmp_.path, deadline);
    }
    std::string make_image(int size) {
        const auto path = (tmp_.path / "image.bin").string();
        const auto r = run_smpctl(
            {"image", "make", "--version", "1.2.3", "--size", std::to_string(size), path},
            tmp_.path);
        EXPECT_EQ(r.code, 0) << r.err;
        return path;
    }
    // One bad input: the exit code, and the words that must be in the error.
    void expect_refused(const RunResult& r, int code, const std::string& words) {
        EXPECT_FALSE(r.killed) << "smpctl hung";
        EXPECT_EQ(r.code, code) << r.err;
        EXPECT_NE(r.err.find(words), std::string::npos) << r.err;
    }
    TempDir tmp_;
};

TEST_F(SmpctlDtls, UpgradeOverDtls) {
    smp_it::SmpsimProcess sim(cert_server(), 1);
    const auto image = make_image(100000);
    const auto r = ctl(uri(sim, ca_query()), {"upgrade", image});
    ASSERT_EQ(r.code, 0) << r.err << r.out;
    EXPECT_NE(r.out.find("now runs version 1.2.3"), std::string::npos) << r.out;
}

// verify=none works, and says once, through the client's log at warning level (which smpctl
// prints by default), that nothing was checked; with a CA there is no such line.
TEST_F(SmpctlDtls, VerifyNoneWarnsOnceThroughTheLog) {
    smp_it::SmpsimProcess sim(cert_server(), 1);
    const auto unchecked = ctl(uri(sim, "verify=none"), {"os", "echo", "hello"});
    ASSERT_EQ(unchecked.code, 0) << unchecked.err;
    EXPECT_NE(unchecked.out.find("hello"), std::string::npos) << unchecked.out;
    const std::string warning = "smpctl: warning: dtls://127.0.0.1 with verify=none";
    const auto first = unchecked.err.find(warning);
    ASSERT_NE(first, std::string::npos) << unchecked.err;
    EXPECT_EQ(unchecked.err.find(warning, first + 1), std::string::npos) << unchecked.err;
    const auto checked = ctl(uri(sim, ca_query()), {"os", "echo", "hello"});
    ASSERT_EQ(checked.code, 0) << checked.err;
    EXPECT_EQ(checked.err.find("verify=none"), std::string::npos) << checked.err;
}

// A power loss at byte 30000 (smpsim --reset-at-offset): the device forgets the session, the
// client's records go unanswered, the link is lost, smpctl handshakes again and the upgrade
// resumes as over serial and BLE.
TEST_F(SmpctlDtls, UpgradeResumesAfterADeviceResetMidUpload) {
    smp_it::SmpsimProcess sim(cert_server({"--reset-at-offset", "30000"}), 1);
    const auto image = make_image(100000);
    const auto r = ctl(uri(sim, ca_query() + "&lost-after=1000"), {"upgrade", image});
    ASSERT_EQ(r.code, 0) << r.err << r.out;
    EXPECT_NE((r.out + r.err).find("link lost during the upload"), std::string::npos)
        << r.out << r.err;
    EXPECT_NE(r.out.find("now runs version 1.2.3"), std::string::npos) << r.out;
}

TEST_F(SmpctlDtls, PskAndClientCertificateModes) {
    const auto& c = DtlsCredentials::get();
    smp_it::SmpsimProcess psk(
        {"--dtls", "127.0.0.1:0", "--dtls-psk-identity", "dev1", "--dtls-psk", psk_hex}, 1);
    auto r = ctl(uri(psk, std::string("psk-identity=dev1&psk=") + psk_hex), {"os", "echo", "hi"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "hi\n");
    smp_it::SmpsimProcess mutual(
        cert_server({"--dtls-client-ca", c.ca, "--dtls-require-client-cert"}), 1);
    r = ctl(uri(mutual, ca_query() + "&cert=" + c.client_cert + "&key=" + c.client_key),
            {"os", "echo", "mutual"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "mutual\n");
    r = ctl(uri(mutual, ca_query() + "&fingerprint=" + c.server_fingerprint +
                            "&cert=" + c.client_cert + "&key=" + c.client_key),
            {"os", "echo", "pinned"});
    ASSERT_EQ(r.code, 0) << r.err;
}

// ---- bad inputs: the exit codes are smpctl's (2 usage, 4 timeout, 5 transport)

TEST_F(SmpctlDtls, ServerCertificateThatDoesNotVerifyNamesTheReason) {
    smp_it::SmpsimProcess sim(cert_server(), 1);
    expect_refused(ctl(uri(sim, "ca=" + DtlsCredentials::get().other_ca), {"os", "echo", "x"}), 5,
                   "the server certificate does not verify: unable to get local issuer");
    expect_refused(ctl(uri(sim, ca_query() + "&name=device.example"), {"os", "echo", "x"}), 5,
                   "the server certificate does not verify: hostname mismatch");
}

TEST_F(SmpctlDtls, FingerprintMismatch) {
    smp_it::SmpsimProcess sim(cert_server(), 1);
    expect_refused(ctl(uri(sim, "fingerprint=" + std::string(64, '0')), {"os", "echo", "x"}), 5,
                   "is not the pinned fingerprint");
}

TEST_F(SmpctlDtls, HandshakeWithNoAnswerSaysTheDeviceMayNotSpeakDtls) {
    smp_it::SmpsimProcess plain({"--udp", "127.0.0.1:0"}, 1);
    const auto r = ctl(uri(plain, ca_query() + "&handshake-timeout=2500"), {"os", "echo", "x"},
                       std::chrono::seconds(20));
    expect_refused(r, 5, "the device may not speak DTLS");
}

TEST_F(SmpctlDtls, AlertFromTheDevice) {
    const auto& c = DtlsCredentials::get();
    smp_it::SmpsimProcess sim(cert_server({"--dtls-client-ca", c.ca, "--dtls-require-client-cert"}),
                              1);
    expect_refused(ctl(uri(sim, ca_query()), {"os", "echo", "x"}, std::chrono::seconds(30)), 5,
                   "the device sent a DTLS alert");
}

TEST_F(SmpctlDtls, WrongPskEndsWithAnAlert) {
    smp_it::SmpsimProcess sim(
        {"--dtls", "127.0.0.1:0", "--dtls-psk-identity", "dev1", "--dtls-psk", psk_hex}, 1);
    const auto r = ctl(uri(sim, "psk-identity=dev1&psk=0f0e0d0c0b0a09080706050403020100"),
                       {"os", "echo", "x"}, std::chrono::seconds(30));
    expect_refused(r, 5, "the device sent a DTLS alert");
}

TEST_F(SmpctlDtls, PlainUdpClientToADtlsDeviceTimesOut) {
    smp_it::SmpsimProcess sim(cert_server(), 1);
    const auto r = ctl("udp://127.0.0.1:" + port_of(sim), {"--timeout", "0.5", "os", "echo", "x"},
                       std::chrono::seconds(20));
    expect_refused(r, 4, "no answer within 500 ms");
}

TEST_F(SmpctlDtls, KeyFileThatDoesNotParse) {
    smp_it::SmpsimProcess sim(cert_server(), 1);
    const auto& c = DtlsCredentials::get();
    expect_refused(ctl(uri(sim, ca_query() + "&cert=" + c.client_cert + "&key=" + c.not_a_key),
                       {"os", "echo", "x"}),
                   5, "cannot load the private key file " + c.not_a_key);
}

TEST_F(SmpctlDtls, UriMistakesAreUsageErrors) {
    const std::string base = "dtls://127.0.0.1:1?";
    expect_refused(ctl(base + "psk-identity=a&psk=" + std::string(66, 'a'), {"os", "echo", "x"}), 2,
                   "psk is 33 bytes; a PSK is 1 to 32 bytes");
    expect_refused(ctl(base + "psk-identity=a&psk=abc", {"os", "echo", "x"}), 2,
                   "is not an even number of hex digits");
    expect_refused(ctl(base + "fingerprint=abcd", {"os", "echo", "x"}), 2, "64 hex digits");
    expect_refused(ctl("dtls://127.0.0.1:1", {"os", "echo", "x"}), 2,
                   "dtls:// needs a way to trust the device");
    expect_refused(ctl(base + "cert=a.pem", {"os", "echo", "x"}), 2, "cert= and key= go together");
    expect_refused(ctl(base + "verify=off", {"os", "echo", "x"}), 2, "only verify=none");
}

}  // namespace
