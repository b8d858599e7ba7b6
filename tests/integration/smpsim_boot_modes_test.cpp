// SPDX-License-Identifier: Apache-2.0
// The real smpsim built for other MCUboot modes (--mcuboot-mode) and reset into MCUboot serial
// recovery with boot_mode 1, over UDP and a pseudo-terminal, driven with the protocol encoders.
#include "factory_image.hpp"
#include "serial_fd.hpp"
#include "smpsim_process.hpp"
#include "temp_dir.hpp"
#include "udp_client.hpp"

#include <smp/mcuboot/image_builder.hpp>
#include <smp/protocol/cbor.hpp>
#include <smp/protocol/messages/image.hpp>
#include <smp/protocol/messages/os.hpp>
#include <smp/protocol/serial/decoder.hpp>
#include <smp/protocol/serial/framing.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <termios.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <thread>

namespace {

using namespace smp_it;
using smp::cbor::Value;

constexpr std::size_t slot_size = 16 * 1024;

smp::Bytes image_of_version(std::uint8_t major, std::size_t payload_size) {
    smp::Bytes payload(payload_size, major);
    smp::mcuboot::ImageBuildOptions o;
    o.version.major = major;
    return smp::mcuboot::build_mcuboot_image(payload, o).value();
}

void flash_slot0(const std::filesystem::path& dir, const smp::Bytes& image) {
    smp_it::flash_slot0(dir, image, slot_size);
}

smp::Bytes raw(smp::Op op, std::uint16_t group, std::uint8_t id, const Value& body,
               std::uint8_t seq) {
    return smp::encode_message(smp::Header{op, smp::Version::v2, 0, 0, group, seq, id},
                               smp::cbor::encode(body));
}

Value body_of(const std::optional<smp::Bytes>& reply) {
    if (!reply)
        return Value{{"no", "reply"}};
    auto msg = smp::decode_message(*reply);
    if (!msg)
        return Value{{"bad", "reply"}};
    auto body = smp::cbor::decode(msg->payload);
    return body ? *body : Value{{"bad", "payload"}};
}

using Exchange = std::function<Value(const smp::Bytes&)>;

// Uploads `image` in `chunk`-byte pieces; the last answer.
Value upload(const Exchange& exchange, const smp::Bytes& image, std::size_t chunk) {
    Value last;
    std::uint64_t off = 0;
    for (std::uint8_t seq = 100; off < image.size(); ++seq) {
        smp::image::Upload req;
        req.off = off;
        const auto n = std::min(chunk, image.size() - off);
        req.data.assign(image.begin() + static_cast<std::ptrdiff_t>(off),
                        image.begin() + static_cast<std::ptrdiff_t>(off + n));
        if (off == 0)
            req.len = image.size();
        last = exchange(smp::encode_request(req, seq));
        if (!last.contains("off"))
            return last;
        off = last["off"].get<std::uint64_t>();
    }
    return last;
}

Value image_list(const Exchange& exchange) {
    return exchange(raw(smp::Op::read, 1, 0, Value::object(), 3))["images"];
}

// Sends `request` until the answer satisfies `done` (the reset, CONFIG_MCUMGR_GRP_OS_RESET_MS
// = 250 ms after its answer, has happened) or about 10 s pass; the last answer.
Value after_reset(const Exchange& exchange, const smp::Bytes& request,
                  const std::function<bool(const Value&)>& done) {
    Value answer;
    for (int attempt = 0; attempt < 100; ++attempt) {
        answer = exchange(request);
        if (done(answer))
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return answer;
}

TEST(SmpsimBootModes, DirectXipOverUdpBootsTheHigherSlotAtReset) {
    smp_test::TempDir dir("smpsim-boot-modes-");
    flash_slot0(dir.path, image_of_version(1, 700));
    SmpsimProcess sim({"--udp", "127.0.0.1:0", "--mcuboot-mode", "direct-xip", "--slot-size",
                       std::to_string(slot_size), "--state-dir", dir.path.string()},
                      1);
    UdpClient client(sim.ready[0]["address"].get<std::string>());
    const Exchange exchange = [&](const smp::Bytes& request) {
        client.send(request);
        return body_of(client.receive());
    };
    EXPECT_EQ(exchange(smp::encode_request(smp::os::BootloaderInfo{.query = "mode"}, 1)),
              (Value{{"mode", 4}, {"no-downgrade", true}}));
    EXPECT_TRUE(upload(exchange, image_of_version(2, 900), 1024).contains("off"));
    auto listed = image_list(exchange);
    ASSERT_EQ(listed.size(), 2u);
    EXPECT_EQ(listed[1]["version"], "2.0.0");
    EXPECT_EQ(listed[1]["pending"], true);  // higher version: boots next, no test needed
    EXPECT_EQ(exchange(raw(smp::Op::write, 0, 5, Value::object(), 4)), Value::object());
    // Before the reset slot 1 is pending; after it, MCUboot runs the image from slot 1.
    const auto list = raw(smp::Op::read, 1, 0, Value::object(), 5);
    listed = after_reset(exchange, list, [](const Value& v) {
        return v.contains("images") && v["images"].size() == 2 && v["images"][1]["active"] == true;
    })["images"];
    ASSERT_EQ(listed.size(), 2u);
    EXPECT_EQ(listed[0]["active"], false);
    EXPECT_EQ(listed[1]["version"], "2.0.0");
    EXPECT_EQ(listed[1]["active"], true);  // MCUboot runs the image from slot 1
    EXPECT_EQ(sim.stop(), 0);
}

// smpsim's serial endpoint (its PTY in raw mode, or its TCP serial socket), console framing.
class SerialLine {
  public:
    explicit SerialLine(const nlohmann::json& ready)
        : fd_(ready["transport"] == "pty" ? open_pty(ready["path"].get<std::string>())
                                          : connect_tcp(ready["address"].get<std::string>())) {}
    ~SerialLine() { ::close(fd_); }
    bool open() const { return fd_ >= 0; }

    Value exchange(const smp::Bytes& request) {
        const auto frames = smp::serial::encode_frame(request).value();
        if (::write(fd_, frames.data(), frames.size()) != static_cast<ssize_t>(frames.size()))
            return Value{{"write", "failed"}};
        return body_of(read_serial_message(fd_, decoder_));
    }

  private:
    static int open_pty(const std::string& path) {
        const int fd = ::open(path.c_str(), O_RDWR | O_NOCTTY);
        termios tio{};
        ::tcgetattr(fd, &tio);
        ::cfmakeraw(&tio);
        ::tcsetattr(fd, TCSANOW, &tio);
        return fd;
    }
    static int connect_tcp(const std::string& address) {
        const auto colon = address.rfind(':');
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(static_cast<std::uint16_t>(std::stoi(address.substr(colon + 1))));
        ::inet_pton(AF_INET, address.substr(0, colon).c_str(), &a.sin_addr);
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
            ::close(fd);
            return -1;
        }
        return fd;
    }

    int fd_;
    smp::serial::Decoder decoder_{};
};

// Over the PTY ("--pty") and over the TCP serial socket ("--tcp 127.0.0.1:0").
class SmpsimBootModeSerial : public ::testing::TestWithParam<std::vector<std::string>> {};

TEST_P(SmpsimBootModeSerial, BootModeOneEntersRecoveryAndTheRecoveryImageRuns) {
    smp_test::TempDir dir("smpsim-boot-modes-");
    flash_slot0(dir.path, image_of_version(1, 700));
    auto args = GetParam();
    for (const auto& a : {std::string("--slot-size"), std::to_string(slot_size),
                          std::string("--state-dir"), dir.path.string()})
        args.push_back(a);
    SmpsimProcess sim(args, 1);
    SerialLine line(sim.ready[0]);
    ASSERT_TRUE(line.open());
    const Exchange exchange = [&](const smp::Bytes& request) { return line.exchange(request); };
    const auto params = smp::encode_request(smp::os::McumgrParams{}, 2);
    EXPECT_EQ(exchange(params), (Value{{"buf_size", 384}, {"buf_count", 4}}));

    EXPECT_EQ(exchange(raw(smp::Op::write, 0, 5, Value{{"boot_mode", 1}}, 4)), Value::object());
    // MCUboot serial recovery after the reset: one 1024-byte buffer, v1 rc answers, uploads
    // into slot 0.
    const Value recovery_params{{"buf_size", 1024}, {"buf_count", 1}};
    EXPECT_EQ(after_reset(exchange, params, [&](const Value& v) { return v == recovery_params; }),
              recovery_params);
    const auto v2 = image_of_version(2, 900);
    EXPECT_EQ(upload(exchange, v2, 512), (Value{{"rc", 0}, {"off", v2.size()}}));
    EXPECT_EQ(exchange(raw(smp::Op::write, 0, 5, Value::object(), 5)), (Value{{"rc", 0}}));
    // The application again after the reset, running what recovery wrote.
    const Value app_params{{"buf_size", 384}, {"buf_count", 4}};
    EXPECT_EQ(after_reset(exchange, params, [&](const Value& v) { return v == app_params; }),
              app_params);
    auto listed = image_list(exchange);
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0]["version"], "2.0.0");
    EXPECT_EQ(listed[0]["active"], true);
    EXPECT_EQ(sim.stop(), 0);
}

INSTANTIATE_TEST_SUITE_P(PtyAndTcp, SmpsimBootModeSerial,
                         ::testing::Values(std::vector<std::string>{"--pty"},
                                           std::vector<std::string>{"--tcp", "127.0.0.1:0"}));

}  // namespace
