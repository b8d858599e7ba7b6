// SPDX-License-Identifier: Apache-2.0
// SMP over DTLS: our OpenSSL client against smpsim --dtls on mbedTLS (two implementations, as
// with a Zephyr 4.3+ device): every operation in certificate, PSK and client-certificate
// modes on IPv4 and IPv6, a lossy and reordering link, the session timeout, garbage
// datagrams, and the message budget against the record overhead.
#include <smp/protocol/messages/os.hpp>
#include <smp/transport/dtls.hpp>

#include <asio/ip/udp.hpp>

#include "operations_suite.hpp"
#include "smpsim_process.hpp"
#include "smpsim_udp.hpp"
#include "support/dtls_credentials.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace {

using namespace std::chrono_literals;
using smp::Bytes;
using smp_it::ClientOperations;
using smp_it::DeviceSetup;
using smp_it::Link;
using smp_it::LinkDevice;
using smp_test::DtlsCredentials;

constexpr char psk_hex[] = "000102030405060708090a0b0c0d0e0f";

std::vector<std::string> server_args(const std::string& address, bool client_cert = false) {
    const auto& c = DtlsCredentials::get();
    std::vector<std::string> args{"--dtls",      address,      "--dtls-cert",
                                  c.server_cert, "--dtls-key", c.server_key};
    if (client_cert)
        args.insert(args.end(), {"--dtls-client-ca", c.ca, "--dtls-require-client-cert"});
    return args;
}

std::vector<std::string> psk_args(const std::string& address) {
    return {"--dtls", address, "--dtls-psk-identity", "smp-test", "--dtls-psk", psk_hex};
}

Bytes psk_bytes() {
    Bytes b;
    for (std::uint8_t i = 0; i < 16; ++i)
        b.push_back(i);
    return b;
}

// The options to reach smpsim's first (DTLS) endpoint; the credentials are added after.
smp::DtlsOptions sim_dtls_options(const smp_it::SmpsimProcess& sim) {
    const auto udp = smp_it::sim_udp_options(sim);  // the same "host:port" ready line
    return smp::DtlsOptions{.host = udp.host, .port = udp.port};
}

using Configure = std::function<void(smp::DtlsOptions&)>;

void with_ca(smp::DtlsOptions& o) {
    o.ca_file = DtlsCredentials::get().ca;
}
void with_client_cert(smp::DtlsOptions& o) {
    with_ca(o);
    o.cert_file = DtlsCredentials::get().client_cert;
    o.key_file = DtlsCredentials::get().client_key;
}
void with_psk(smp::DtlsOptions& o) {
    o.psk_identity = "smp-test";
    o.psk = psk_bytes();
}

smp_it::ClientRunner::Factory dtls_factory(const smp_it::SmpsimProcess& sim,
                                           const Configure& configure) {
    auto options = sim_dtls_options(sim);
    configure(options);
    return [options](asio::any_io_executor ex) { return smp::make_dtls_transport(ex, options); };
}

std::vector<std::string> with_device(const DeviceSetup& setup, std::vector<std::string> args) {
    args.insert(args.end(),
                {"--buf-size", std::to_string(setup.buf_size), "--buf-count",
                 std::to_string(setup.buf_count), "--state-dir", setup.state_dir.string()});
    return args;
}

Link dtls_link(std::string name, std::vector<std::string> args, Configure configure) {
    return Link{.name = std::move(name), .start = [args, configure](const DeviceSetup& setup) {
                    std::shared_ptr<smp_it::SmpsimProcess> sim;
                    try {
                        sim = std::make_shared<smp_it::SmpsimProcess>(with_device(setup, args), 1);
                    } catch (const std::exception& e) {
                        throw smp_it::LinkUnavailable(std::string("smpsim --dtls: ") + e.what());
                    }
                    return LinkDevice{.keepalive = sim, .factory = dtls_factory(*sim, configure)};
                }};
}

INSTANTIATE_TEST_SUITE_P(Dtls, ClientOperations,
                         ::testing::Values(dtls_link("CertV4", server_args("127.0.0.1:0"), with_ca),
                                           dtls_link("CertV6", server_args("[::1]:0"), with_ca),
                                           dtls_link("Psk", psk_args("127.0.0.1:0"), with_psk),
                                           dtls_link("ClientCert", server_args("127.0.0.1:0", true),
                                                     with_client_cert)),
                         smp_it::link_name);

struct DtlsClient : smp_it::ClientRunner {
    DtlsClient(const smp_it::SmpsimProcess& sim, const Configure& configure)
        : ClientRunner(dtls_factory(sim, configure)) {}
    smp::Status connect() { return run(client.connect()); }
    smp::Result<smp::os::EchoResponse> echo(const std::string& text) {
        const smp::os::Echo message{.d = text};
        return run(client.request(message));
    }
    void expect_echo(const std::string& text) {
        auto answer = echo(text);
        ASSERT_TRUE(answer) << answer.error().message();
        EXPECT_EQ(answer->r, text);
    }
};

// The message budget is what one record carries in a datagram of the device's MTU with the
// negotiated suite's overhead (CBC-SHA256 here: 13-byte header, 16-byte IV, 32-byte MAC,
// 1 to 16 bytes of padding), below the device's 2048-byte buffer; a record that did not fit
// would be cut by the device (smpsim reads CONFIG_MCUMGR_TRANSPORT_UDP_MTU bytes) and the
// largest echo would go unanswered.
TEST(ClientDtls, BudgetLeavesRoomForTheRecordOverhead) {
    smp_it::SmpsimProcess sim(server_args("127.0.0.1:0"), 1);
    DtlsClient c(sim, with_ca);
    ASSERT_TRUE(c.connect());
    const auto budget = c.client.params().message_budget;
    EXPECT_LT(budget, 1500u - 13 - 16 - 32);
    EXPECT_GE(budget, 1500u - 13 - 16 - 32 - 16);
    // The largest echo that fits: 8-byte header and the CBOR map {"d": text}.
    const std::string text(budget - 8 - 1 - 2 - 3, 'x');
    auto answer = c.echo(text);
    ASSERT_TRUE(answer) << answer.error().message();
    EXPECT_EQ(answer->r, text);
}

// 10% loss and 10% reordering on every datagram, the handshake's included: the RFC 6347
// timers retransmit the flights, the upload resends its chunks, and the image arrives whole.
TEST(ClientDtls, UploadAcrossALossyReorderingLink) {
    auto args = server_args("127.0.0.1:0");
    args.insert(args.end(),
                {"--loss", "0.1", "--reorder", "0.1", "--seed", "5", "--buf-size", "1024"});
    smp_it::SmpsimProcess sim(args, 1);
    DtlsClient c(sim, with_ca);
    ASSERT_TRUE(c.connect());
    const Bytes image = smp_it::test_image(40000);
    smp::UploadOptions options;
    options.chunk_timeout = 300ms;
    options.first_chunk_timeout = 1s;  // no slot erase to wait for here
    options.max_sends_per_chunk = 20;
    auto result = c.run(c.client.upload_image(image, options));
    ASSERT_TRUE(result) << result.error().message();
    EXPECT_EQ(result->match, std::optional(true));
    EXPECT_GT(result->counters.resends, 0u);
}

// The device forgets an idle session (--dtls-session-timeout-ms) without a word: the
// client's next request and its two resends find nothing, the transport reports the link
// lost (lost_after), and a new connect() handshakes again.
TEST(ClientDtls, SessionTimeoutIsALostLinkAndAReconnectHandshakesAgain) {
    auto args = server_args("127.0.0.1:0");
    args.insert(args.end(), {"--dtls-session-timeout-ms", "300"});
    smp_it::SmpsimProcess sim(args, 1);
    DtlsClient c(sim, [](smp::DtlsOptions& o) {
        with_ca(o);
        o.lost_after = 300ms;
    });
    ASSERT_TRUE(c.connect());
    ASSERT_TRUE(c.echo("before"));
    std::this_thread::sleep_for(600ms);
    // The parameters read is idempotent: sent three times, then the link is lost.
    const smp::os::McumgrParams params;
    auto lost = c.run(c.client.request(params));
    ASSERT_FALSE(lost);
    EXPECT_EQ(lost.error().code, smp::make_error_code(smp::Errc::not_connected));
    EXPECT_NE(lost.error().message().find("session is presumed lost"), std::string::npos)
        << lost.error().message();
    ASSERT_TRUE(c.connect());
    c.expect_echo("again");
}

// Garbage and plain SMP datagrams at the DTLS port are dropped; sessions carry on.
TEST(ClientDtls, GarbageDatagramsAreDroppedAndTheSessionCarriesOn) {
    smp_it::SmpsimProcess sim(server_args("127.0.0.1:0"), 1);
    DtlsClient c(sim, with_ca);
    ASSERT_TRUE(c.connect());
    asio::io_context io;
    asio::ip::udp::socket junk(io, asio::ip::udp::v4());
    const auto o = sim_dtls_options(sim);
    const asio::ip::udp::endpoint device(asio::ip::make_address(o.host), o.port);
    // Random bytes, a plain SMP echo request, a record header claiming DTLS with no body.
    const Bytes garbage{0xde, 0xad, 0xbe, 0xef, 1, 2, 3};
    const Bytes plain_smp{0x02, 0, 0, 5, 0, 0, 0, 0, 0xa1, 0x61, 0x64, 0x61, 0x78};
    const Bytes fake_record{23, 254, 253, 0, 1, 0, 0, 0, 0, 0, 9, 0, 64};
    for (const auto* d : {&garbage, &plain_smp, &fake_record})
        junk.send_to(asio::buffer(*d), device);
    junk.non_blocking(true);
    std::this_thread::sleep_for(200ms);
    std::array<std::uint8_t, 64> answer{};
    asio::error_code ec;
    junk.receive(asio::buffer(answer), 0, ec);
    EXPECT_EQ(ec, asio::error::would_block) << "the DTLS device answered a non-DTLS datagram";
    c.expect_echo("still here");
}

// Several clients at once, each with its own session.
TEST(ClientDtls, TwoClientsAtOnce) {
    smp_it::SmpsimProcess sim(server_args("127.0.0.1:0"), 1);
    DtlsClient a(sim, with_ca);
    DtlsClient b(sim, with_psk);
    ASSERT_TRUE(a.connect());
    ASSERT_FALSE(b.connect()) << "a PSK client to a device with certificates only";
    DtlsClient b2(sim, with_ca);
    ASSERT_TRUE(b2.connect());
    a.expect_echo("a");
    b2.expect_echo("b");
}

}  // namespace
