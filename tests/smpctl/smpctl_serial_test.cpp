// SPDX-License-Identifier: Apache-2.0
// End-to-end tests of smpctl over serial links (a PTY and TCP, encoded and raw) against the
// real smpsim binary, and the failures particular to them.
#include "smpctl/smpctl_fixture.hpp"

namespace {

using namespace smpctl_test;

// ---- serial links: the same commands over a PTY and over TCP, encoded and raw

struct SerialLink {
    std::string name;
    std::vector<std::string> endpoint;
    bool raw = false;
};

// gtest prints a parameter in failure messages and --gtest_list_tests: its name, not its bytes.
void PrintTo(const SerialLink& link, std::ostream* out) {
    *out << link.name;
}

class SmpctlSerialTest : public SmpctlTest, public ::testing::WithParamInterface<SerialLink> {
  protected:
    void SetUp() override {
        std::vector<std::string> extra;
        if (GetParam().raw)
            extra.push_back("--raw");
        start(extra, GetParam().endpoint);
    }
};

TEST_P(SmpctlSerialTest, EchoAndImageList) {
    const auto r = ctl_json({"os", "echo", "over serial"});
    ASSERT_EQ(r.code, 0) << conn_ << "\n" << r.err;
    EXPECT_EQ(r.doc()["r"], "over serial");
    const auto images = image_list();
    EXPECT_TRUE(images.is_array()) << images;
}

TEST_P(SmpctlSerialTest, UpgradeWithJsonLeavesTheNewImageConfirmed) {
    const auto [path, info] = make_image("3.1.0", 30000, 7);
    const auto r = ctl_json({"upgrade", path, "--reset-settle", "0.3"});
    ASSERT_EQ(r.code, 0) << conn_ << "\n" << r.err;
    const auto doc = r.doc();
    EXPECT_EQ(doc["status"], "ok");
    EXPECT_EQ(doc["running"]["hash"], info["hash"]);
    EXPECT_EQ(doc["running"]["version"], "3.1.0");
    EXPECT_EQ(doc["transfer"]["bytes"], info["file_size"]);
    expect_running(info["hash"], true);
}

TEST_P(SmpctlSerialTest, FileUploadAndDownloadRoundTrip) {
    std::string content;
    for (int i = 0; i < 2500; ++i)
        content += static_cast<char>(i * 7 % 256);
    const auto local = (tmp_.path / "blob.bin").string();
    std::ofstream(local, std::ios::binary) << content;
    auto r = ctl_json({"fs", "upload", local, "/blob.bin"});
    ASSERT_EQ(r.code, 0) << conn_ << "\n" << r.err;
    EXPECT_EQ(r.doc()["bytes"], content.size());
    EXPECT_EQ(read_file(tmp_.path / "fsroot" / "blob.bin"), content);

    const auto back = (tmp_.path / "back.bin").string();
    r = ctl_json({"fs", "download", "/blob.bin", back});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc()["bytes"], content.size());
    EXPECT_EQ(read_file(back), content);
}

INSTANTIATE_TEST_SUITE_P(
    Links, SmpctlSerialTest,
    ::testing::Values(SerialLink{"PtyEncoded", {"--pty"}, false},
                      SerialLink{"PtyRaw", {"--pty"}, true},
                      SerialLink{"TcpEncoded", {"--tcp", "127.0.0.1:0"}, false},
                      SerialLink{"TcpRaw", {"--tcp", "127.0.0.1:0"}, true}),
    [](const ::testing::TestParamInfo<SerialLink>& p) { return p.param.name; });

TEST_F(SmpctlTest, BadSerialOptionsAreUsageErrors) {
    for (const char* uri :
         {"serial:///dev/ttyACM0?strategy=bogus", "serial:///dev/ttyACM0?baudrate=9600",
          "serial:///dev/ttyACM0?strategy=buffer-params=129x2",
          "serial:///dev/ttyACM0?flow=sideways", "tcp://127.0.0.1", "tcp://127.0.0.1:1?raw=maybe",
          "serial-raw://relative"}) {
        const auto r = offline({"--conn", uri, "os", "echo", "x"});
        EXPECT_EQ(r.code, 2) << uri << "\n" << r.err;
        EXPECT_NE(r.err.find(uri), std::string::npos) << r.err;
    }
}

TEST_F(SmpctlTest, ClosedTcpPortIsATransportFailure) {
    // Bind then close a listening socket: its port refuses connections.
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    ::inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    socklen_t len = sizeof a;
    ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len), 0);
    ::close(fd);
    const auto uri = "tcp://127.0.0.1:" + std::to_string(ntohs(a.sin_port));
    const auto r = offline({"--timeout", "0.5", "--conn", uri, "os", "echo", "x"});
    EXPECT_EQ(r.code, 5) << r.err;
    EXPECT_NE(r.err.find(uri), std::string::npos) << r.err;
}

// A TCP "serial line" that prints console text and never answers SMP: the text shows on
// stderr with -v, stdout keeps only the --json error document.
TEST_F(SmpctlTest, SerialConsoleTextGoesToStderrWithVerbose) {
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    ::inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    ASSERT_EQ(::listen(listener, 1), 0);
    socklen_t len = sizeof a;
    ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&a), &len), 0);
    std::thread device([listener] {
        const int fd = ::accept(listener, nullptr, nullptr);
        const std::string banner = "*** Booting Zephyr OS ***\nuart:~$ ";
        (void)::write(fd, banner.data(), banner.size());
        char sink[256];
        while (::read(fd, sink, sizeof sink) > 0) {
        }
        ::close(fd);
    });
    const auto uri = "tcp://127.0.0.1:" + std::to_string(ntohs(a.sin_port));
    const auto r = offline(
        {"-v", "--json", "--timeout", "0.5", "--retries", "0", "--conn", uri, "os", "echo", "x"});
    device.join();
    ::close(listener);
    EXPECT_EQ(r.code, 4) << r.err;
    EXPECT_NE(r.err.find("console: *** Booting Zephyr OS ***"), std::string::npos) << r.err;
    EXPECT_EQ(r.out.find("Booting"), std::string::npos) << r.out;
    EXPECT_EQ(r.doc()["error"]["exit_code"], 4);
}

}  // namespace
