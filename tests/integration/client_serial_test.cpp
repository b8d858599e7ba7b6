// SPDX-License-Identifier: Apache-2.0
// smp::Client over the serial transports: against the real smpsim on a PTY and on TCP, with
// encoded and raw framing and each fragmentation strategy; and against a PTY "device" driven
// by the test, which writes console text between (and inside) its response frames.
#include <smp/protocol/messages/os.hpp>
#include <smp/protocol/serial/decoder.hpp>
#include <smp/transport/serial.hpp>

#include <asio/posix/stream_descriptor.hpp>
#include <asio/write.hpp>

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include "client_runner.hpp"
#include "smpsim_process.hpp"
#include "smpsim_serial.hpp"

namespace {

using namespace smp;
using namespace std::chrono_literals;

enum class Link { pty, tcp };

struct SerialCase {
    Link link = Link::pty;
    SerialFraming framing = SerialFraming::encoded;
};

std::string name(const SerialCase& c) {
    return std::string(c.link == Link::pty ? "Pty" : "Tcp") +
           (c.framing == SerialFraming::raw ? "Raw" : "Encoded");
}

// gtest prints parameters in failure messages and --gtest_list_tests: names, not bytes.
void PrintTo(const SerialCase& c, std::ostream* out) {
    *out << name(c);
}

std::vector<std::string> sim_args(const SerialCase& c) {
    std::vector<std::string> args{"--buf-size", "512", "--buf-count", "4"};
    if (c.link == Link::pty)
        args.push_back("--pty");
    else
        args.insert(args.end(), {"--tcp", "127.0.0.1:0"});
    if (c.framing == SerialFraming::raw)
        args.push_back("--raw");
    return args;
}

Result<UploadResult> upload(smp_it::ClientRunner& c, const Bytes& image) {
    UploadOptions options;
    options.chunk_timeout = 1000ms;
    options.max_sends_per_chunk = 10;
    return c.run(c.client.upload_image(image, options));
}

class ClientSerialSmpsim : public ::testing::TestWithParam<SerialCase> {};

TEST_P(ClientSerialSmpsim, EchoParamsAndUploadWithMatch) {
    const SerialCase param = GetParam();
    smp_it::SmpsimProcess sim(sim_args(param), 1);
    SerialLinkOptions link;
    link.framing = param.framing;
    smp_it::ClientRunner c(smp_it::sim_serial(sim, link));
    auto connected = c.run(c.client.connect());
    ASSERT_TRUE(connected) << connected.error().message();
    EXPECT_TRUE(c.client.params().from_device);
    EXPECT_EQ(c.client.params().buf_size, 512u);
    EXPECT_EQ(c.client.params().message_budget, 508u);  // Auto: buf_size - 4
    EXPECT_EQ(c.client.params().window, 3u);

    const os::Echo hi{.d = std::string(300, 'x')};  // several 128-byte lines when encoded
    auto echo = c.run(c.client.request(hi));
    ASSERT_TRUE(echo) << echo.error().message();
    EXPECT_EQ(echo->r, hi.d);

    auto result = upload(c, smp_it::test_image(20000));
    ASSERT_TRUE(result) << result.error().message();
    EXPECT_EQ(result->match, true);
}

INSTANTIATE_TEST_SUITE_P(Links, ClientSerialSmpsim,
                         ::testing::Values(SerialCase{Link::pty, SerialFraming::encoded},
                                           SerialCase{Link::pty, SerialFraming::raw},
                                           SerialCase{Link::tcp, SerialFraming::encoded},
                                           SerialCase{Link::tcp, SerialFraming::raw}),
                         [](const auto& test) { return name(test.param); });

struct StrategyCase {
    std::string label{};
    serial::Fragmentation strategy{};
    std::size_t budget = 0;
};

void PrintTo(const StrategyCase& c, std::ostream* out) {
    *out << c.label << ", budget " << c.budget;
}

class ClientSerialStrategy : public ::testing::TestWithParam<StrategyCase> {};

TEST_P(ClientSerialStrategy, BudgetFollowsTheStrategyAndUploadMatches) {
    const auto& param = GetParam();
    smp_it::SmpsimProcess sim({"--pty", "--buf-size", "1024", "--buf-count", "4"}, 1);
    SerialLinkOptions link;
    link.fragmentation = param.strategy;
    smp_it::ClientRunner c(smp_it::sim_serial(sim, link));
    auto connected = c.run(c.client.connect());
    ASSERT_TRUE(connected) << connected.error().message();
    EXPECT_EQ(c.client.params().message_budget, param.budget);
    auto result = upload(c, smp_it::test_image(12000));
    ASSERT_TRUE(result) << result.error().message();
    EXPECT_EQ(result->match, true);
}

INSTANTIATE_TEST_SUITE_P(
    Strategies, ClientSerialStrategy,
    ::testing::Values(StrategyCase{"Auto", serial::Auto{}, 1020},
                      StrategyCase{"BufferSize", serial::BufferSize{.buf_size = 300}, 296},
                      StrategyCase{"BufferParams",
                                   serial::BufferParams{.line_length = 128, .line_buffers = 3},
                                   serial::max_message_for_encoded_size(3 * 128)}),
    [](const auto& test) { return test.param.label; });

TEST(ClientSerial, LineLongerThan128IsRefused) {
    asio::io_context io;
    SerialOptions o;
    o.device = "/dev/null";
    o.link.fragmentation = serial::BufferSize{.buf_size = 512, .line_length = 256};
    EXPECT_THROW(make_serial_transport(io.get_executor(), o), std::invalid_argument);
}

// A PTY pair owned by the test: the client opens the slave, the test's "device" answers on
// the master. Declared before the client; closed after it.
struct PtyPair {
    PtyPair() {
        master = ::posix_openpt(O_RDWR | O_NOCTTY);
        if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0)
            throw std::runtime_error("posix_openpt");
        path = ::ptsname(master);
        // Held open so the master never reads EIO while the client has the slave closed.
        keepalive = ::open(path.c_str(), O_RDWR | O_NOCTTY);
        termios tio{};
        ::tcgetattr(keepalive, &tio);
        ::cfmakeraw(&tio);
        ::tcsetattr(keepalive, TCSANOW, &tio);
    }
    ~PtyPair() {
        ::close(keepalive);
        ::close(master);
    }
    int master = -1;
    int keepalive = -1;
    std::string path{};
};

// The device on the master: answers Echo, refuses everything else with rc 8 (not
// supported), and writes console text before and inside each response frame. Declared after
// the client (destroyed first: its pending read is aborted before the io_context runs down).
class PtyDevice {
  public:
    PtyDevice(asio::io_context& io, const PtyPair& pty) : master_(io, ::dup(pty.master)) {
        asio::co_spawn(io, serve(), asio::detached);
    }

    std::size_t longest_line = 0;  ///< longest line the client wrote, newline included
    std::size_t requests = 0;

  private:
    asio::awaitable<void> serve() {
        std::array<std::uint8_t, 1024> buffer{};
        for (;;) {
            auto [ec, n] = co_await master_.async_read_some(asio::buffer(buffer),
                                                            detail::use_nothrow_awaitable);
            if (ec)
                co_return;
            for (std::size_t i = 0; i < n; ++i) {
                ++line_;
                if (buffer[i] == '\n') {
                    longest_line = std::max(longest_line, line_);
                    line_ = 0;
                }
            }
            decoder_.feed(ByteView(buffer.data(), n));
            while (auto event = decoder_.next()) {
                if (event->is_message())
                    co_await answer(event->bytes);
            }
        }
    }

    asio::awaitable<void> answer(ByteView request) {
        ++requests;
        auto message = decode_message(request);
        if (!message)
            co_return;
        Header h = message->header;
        h.op = h.op == Op::read ? Op::read_response : Op::write_response;
        Bytes payload = encode_rc_payload(8);
        if (h.group == 0 && h.command == 0) {
            auto echo = decode_payload<os::Echo>(message->payload);
            payload = encode_payload(os::EchoResponse{.r = echo ? echo->d : ""});
        }
        h.length = static_cast<std::uint16_t>(payload.size());
        const Bytes frame = serial::encode_frame(encode_message(h, payload)).value();
        // A log line, a prompt without newline, then the frame with a log line between its
        // lines. All the text comes before the frame ends, so it has reached the callback by
        // the time the client has the answer.
        const auto first_end = std::find(frame.begin(), frame.end(), '\n') + 1;
        std::string out = "[00:00:01] <inf> app: before\r\nuart:~$ ";
        out.append(frame.begin(), first_end);
        out += "[00:00:02] <wrn> app: inside\n";
        out.append(first_end, frame.end());
        co_await asio::async_write(master_, asio::buffer(out), asio::use_awaitable);
    }

    asio::posix::stream_descriptor master_;
    std::size_t line_ = 0;
    serial::Decoder decoder_{};
};

TEST(ClientSerial, ConsoleTextGoesToTheCallbackAndNeverToTheClient) {
    PtyPair pty;
    std::string console;
    SerialOptions o;
    o.device = pty.path;
    o.link.on_console = [&](std::string_view text) { console += text; };
    smp_it::ClientRunner c([&](asio::any_io_executor ex) { return make_serial_transport(ex, o); });
    PtyDevice device(c.io, pty);
    auto connected = c.run(c.client.connect());
    ASSERT_TRUE(connected) << connected.error().message();
    EXPECT_FALSE(c.client.params().from_device);  // rc 8: fallback budget
    EXPECT_EQ(c.client.params().message_budget, serial::max_message_size(serial::Auto{}).value());

    const os::Echo hi{.d = std::string(150, 'e')};  // two encoded lines
    auto echo = c.run(c.client.request(hi));
    ASSERT_TRUE(echo) << echo.error().message();
    EXPECT_EQ(echo->r, hi.d);
    EXPECT_EQ(device.requests, 2u);
    EXPECT_LE(device.longest_line, serial::default_line_length);
    EXPECT_GT(device.longest_line, 100u);  // the frame did use long lines

    const std::string one =
        "[00:00:01] <inf> app: before\r\nuart:~$ [00:00:02] <wrn> app: inside\n";
    EXPECT_EQ(console, one + one);
    EXPECT_EQ(c.client.counters().undecodable, 0u);
}

}  // namespace
