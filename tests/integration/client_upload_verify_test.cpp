// SPDX-License-Identifier: Apache-2.0
// Regression for issue #4 (soak: "lost after a reported success"): a Zephyr device without
// CONFIG_IMG_ENABLE_IMAGE_CHECK that receives a duplicated or late first chunk (off 0) after
// the upload completed starts a new upload and erases the slot (img_mgmt.c, img_mgmt_upload).
// upload_image must not report success then: it reads the image state, sees that no slot
// holds the image's hash, and uploads again within its restart budget.
//
// The device here is scripted on a real loopback UDP socket: Zephyr's upload offset rules
// (support/zephyr_upload_model.hpp), a state read built from what the slot holds, and a
// replay of the first chunk right after the final answer, deterministically.
#include <smp/client/client.hpp>
#include <smp/detail/asio_compat.hpp>
#include <smp/mcuboot/mcuboot_image.hpp>
#include <smp/protocol/message.hpp>
#include <smp/protocol/messages/image.hpp>
#include <smp/protocol/messages/os.hpp>
#include <smp/transport/udp.hpp>

#include <gtest/gtest.h>
#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>

#include <thread>

#include "integration/client_runner.hpp"
#include "support/zephyr_upload_model.hpp"

namespace {

using namespace smp;
using namespace std::chrono_literals;

struct ScriptConfig {
    unsigned replays = 0;    ///< completed uploads after which off 0 is replayed
    bool state_read = true;  ///< false: state read answers rc 8 (not supported)
};

class ScriptedDevice {
  public:
    explicit ScriptedDevice(ScriptConfig config)
        : config_(config),
          socket_(io_, asio::ip::udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
        model_.image_check = false;  // Zephyr's default: no sha check of the slot
        asio::co_spawn(io_, serve(), asio::detached);
        thread_ = std::thread([this] { io_.run(); });
    }
    ~ScriptedDevice() {
        io_.stop();
        thread_.join();
    }
    std::uint16_t port() const { return socket_.local_endpoint().port(); }
    // Read only after the client is done (the device thread is idle then).
    const test::ZephyrUploadModel& model() const { return model_; }
    unsigned replayed() const { return replayed_; }
    unsigned state_reads() const { return state_reads_; }

  private:
    asio::awaitable<void> serve() {
        Bytes buffer(65536);
        for (;;) {
            asio::ip::udp::endpoint from;
            auto [ec, n] = co_await socket_.async_receive_from(asio::buffer(buffer), from,
                                                               detail::use_nothrow_awaitable);
            if (ec)
                co_return;
            auto request = decode_message(ByteView(buffer.data(), n));
            if (!request)
                continue;
            Header h = request->header;
            h.op = response_op(h.op);
            asio::error_code ignored;
            socket_.send_to(asio::buffer(encode_message(h, handle(*request))), from, 0, ignored);
        }
    }

    Bytes handle(const Message& request) {
        const auto& h = request.header;
        if (h.group == 0 && h.command == 6)
            return encode_payload(os::McumgrParamsResponse{.buf_size = 512, .buf_count = 4});
        if (h.group == 1 && h.command == 0 && h.op == Op::read)
            return state_read();
        if (h.group == 1 && h.command == 1)
            return upload(request.payload);
        return encode_rc_payload(8);
    }

    Bytes upload(ByteView payload) {
        auto req = decode_payload<image::Upload>(payload);
        if (!req)
            return encode_rc_payload(3);
        if (req->off == 0)
            first_chunk_ = *req;
        const auto completed_before = model_.completed;
        auto answer = model_.handle(*req);
        if (!answer)
            return encode_group_error_payload(
                1, static_cast<std::uint16_t>(answer.error().device->rc));
        if (model_.completed > completed_before && replayed_ < config_.replays) {
            // The duplicate of the first chunk, held back by the network, arrives now: a new
            // upload of the same image begins and the slot is erased.
            ++replayed_;
            (void)model_.handle(*first_chunk_);
        }
        return encode_payload(*answer);
    }

    Bytes state_read() {
        ++state_reads_;
        if (!config_.state_read)
            return encode_rc_payload(8);
        image::StateResponse state;
        // An application always lists the image it runs (slot 0, active and confirmed: what
        // the real Zephyr 4.4 servers answer, tests/zephyr); a list without an active slot is
        // MCUboot serial recovery, where an unlisted upload means a refused image.
        state.images.push_back(image::ImageSlotState{.slot = 0,
                                                     .version = "0.9.0",
                                                     .hash = Bytes(32, 0x5a),
                                                     .bootable = true,
                                                     .confirmed = true,
                                                     .active = true});
        auto parsed = mcuboot::parse_mcuboot_image(model_.slot);
        if (parsed)  // img_mgmt_read_info: only a slot holding a valid image is listed
            state.images.push_back(image::ImageSlotState{
                .slot = 1, .version = "1.0.0", .hash = parsed->hash, .bootable = true});
        return encode_payload(state);
    }

    ScriptConfig config_;
    asio::io_context io_{1};
    asio::ip::udp::socket socket_;
    std::thread thread_;
    test::ZephyrUploadModel model_{};
    std::optional<image::Upload> first_chunk_{};
    unsigned replayed_ = 0;
    unsigned state_reads_ = 0;
};

struct Fixture {
    explicit Fixture(ScriptConfig config)
        : device(config),
          client(io.get_executor(),
                 make_udp_transport(io.get_executor(),
                                    UdpOptions{.host = "127.0.0.1", .port = device.port()}),
                 quiet()) {}
    ~Fixture() { smp_it::close_and_drain(io, client); }
    static ClientOptions quiet() {
        ClientOptions o;
        o.timeout = 1000ms;
        o.log = [](std::string_view) {};
        return o;
    }
    Result<UploadResult> upload(const Bytes& image) {
        return smp_it::run_one(io, [&]() -> asio::awaitable<Result<UploadResult>> {
            auto connected = co_await client.connect();
            if (!connected)
                co_return connected.error();
            co_return co_await client.upload_image(image);
        }());
    }

    ScriptedDevice device;
    asio::io_context io;
    Client client;
};

TEST(ClientUploadVerify, FirstChunkReplayedAfterCompletionIsUploadedAgain) {
    Fixture f(ScriptConfig{.replays = 1});
    const Bytes image = smp_it::test_image(6000, 3);
    auto result = f.upload(image);
    ASSERT_TRUE(result) << result.error().message();
    EXPECT_EQ(f.device.replayed(), 1u);  // the slot really was erased once
    EXPECT_EQ(f.device.model().slot, image);
    EXPECT_EQ(f.device.model().completed, 2u);
    EXPECT_EQ(f.device.state_reads(), 2u);
    EXPECT_GE(result->counters.restarts, 1u);
}

TEST(ClientUploadVerify, ADeviceThatKeepsLosingTheImageEndsInUploadFailed) {
    Fixture f(ScriptConfig{.replays = 1000});
    const Bytes image = smp_it::test_image(3000, 4);
    auto result = f.upload(image);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, make_error_code(Errc::upload_failed));
    EXPECT_NE(result.error().detail.find("no slot holds the image"), std::string::npos)
        << result.error().message();
    EXPECT_NE(result.error().detail.find("127.0.0.1"), std::string::npos);
    // The first pass and max_restarts more (UploadParams' default of 3).
    EXPECT_EQ(f.device.model().completed, 4u);
}

TEST(ClientUploadVerify, ImageInTheSlotNeedsOnePassAndOneStateRead) {
    Fixture f(ScriptConfig{});
    const Bytes image = smp_it::test_image(6000, 5);
    auto result = f.upload(image);
    ASSERT_TRUE(result) << result.error().message();
    EXPECT_EQ(f.device.model().completed, 1u);
    EXPECT_EQ(f.device.state_reads(), 1u);
    EXPECT_EQ(result->counters.restarts, 0u);
}

TEST(ClientUploadVerify, DeviceWithoutStateReadKeepsItsOwnVerdict) {
    // Nothing to verify with: the device's completion is all there is (as before).
    Fixture f(ScriptConfig{.state_read = false});
    const Bytes image = smp_it::test_image(3000, 6);
    auto result = f.upload(image);
    ASSERT_TRUE(result) << result.error().message();
    EXPECT_EQ(f.device.model().completed, 1u);
    EXPECT_EQ(f.device.state_reads(), 1u);
}

TEST(ClientUploadVerify, DataThatIsNotAnMcubootImageIsNotVerified) {
    Fixture f(ScriptConfig{});
    const Bytes data = test::test_image(3000, 9);  // raw bytes: no image hash to look for
    auto result = f.upload(data);
    ASSERT_TRUE(result) << result.error().message();
    EXPECT_EQ(f.device.state_reads(), 0u);
}

}  // namespace
