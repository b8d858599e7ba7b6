// SPDX-License-Identifier: Apache-2.0
#pragma once
// Shared pieces of the reliability tests: an smpsim device reached over real loopback UDP,
// smp::Client driven on the test thread, images from the image builder, and the device's
// slot hashes (what state read reports), which decide whether an upload really landed.
#include <smp/client/blocking_client.hpp>
#include <smp/client/client.hpp>
#include <smp/mcuboot/image_builder.hpp>
#include <smp/mcuboot/mcuboot_image.hpp>
#include <smp/protocol/messages/image.hpp>
#include <smp/protocol/messages/os.hpp>
#include <smp/transport/udp.hpp>

#include <gtest/gtest.h>
#include <asio/bind_cancellation_slot.hpp>
#include <asio/cancellation_signal.hpp>
#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>

#include <cstdlib>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "integration/smpsim_process.hpp"

namespace smp_rel {

using namespace std::chrono_literals;

/// SMP_RELIABILITY_FULL=1 (scripts/run-reliability.sh) runs every chunk boundary and the
/// long soak; unset, the reduced CI form runs.
inline bool full_run() {
    const char* v = std::getenv("SMP_RELIABILITY_FULL");
    return v != nullptr && std::string(v) == "1";
}

struct TestImage {
    smp::Bytes bytes{};
    smp::Bytes hash{};  ///< the image hash TLV: what state read reports for the slot
};

inline TestImage make_image(std::size_t payload_size, std::uint32_t seed) {
    smp::Bytes payload(payload_size);
    std::uint32_t x = 0x9e3779b9u ^ (seed * 2654435761u);
    for (auto& b : payload) {
        x = x * 1664525u + 1013904223u;
        b = static_cast<std::uint8_t>(x >> 24);
    }
    smp::mcuboot::ImageBuildOptions options;
    options.version = {2, 0, 0, seed};
    auto built = smp::mcuboot::build_mcuboot_image(payload, options);
    EXPECT_TRUE(built);
    auto parsed = smp::mcuboot::parse_mcuboot_image(*built);
    EXPECT_TRUE(parsed);
    return {*built, parsed->hash};
}

/// An smpsim device on an ephemeral UDP port.
struct Device {
    explicit Device(std::vector<std::string> extra = {}) : sim(args(std::move(extra)), 1) {
        const auto address = sim.ready.at(0).at("address").get<std::string>();
        port = static_cast<std::uint16_t>(std::stoul(address.substr(address.rfind(':') + 1)));
    }
    static std::vector<std::string> args(std::vector<std::string> extra) {
        std::vector<std::string> a{"--udp", "127.0.0.1:0"};
        a.insert(a.end(), extra.begin(), extra.end());
        return a;
    }
    smp_it::SmpsimProcess sim;
    std::uint16_t port = 0;
};

inline smp::ClientOptions quick_options() {
    smp::ClientOptions o;
    o.timeout = 400ms;
    o.retries = 4;
    o.backoff = 20ms;
    o.log = [](std::string_view) {};
    return o;
}

inline smp::UploadOptions quick_upload(std::optional<std::size_t> window = {}) {
    smp::UploadOptions o;
    o.window = window;
    o.chunk_timeout = 400ms;
    o.first_chunk_timeout = 1500ms;
    return o;
}

using TransportFactory = std::function<std::unique_ptr<smp::Transport>(asio::any_io_executor)>;

inline TransportFactory udp_to(std::uint16_t port) {
    return [port](asio::any_io_executor ex) {
        return smp::make_udp_transport(std::move(ex),
                                       smp::UdpOptions{.host = "127.0.0.1", .port = port});
    };
}

/// A client whose operations run on the calling thread's io_context.
struct AsyncClient {
    AsyncClient(std::uint16_t port, smp::ClientOptions options = quick_options())
        : AsyncClient(udp_to(port), std::move(options)) {}
    AsyncClient(const TransportFactory& transport, smp::ClientOptions options = quick_options())
        : client(io.get_executor(), transport(io.get_executor()), std::move(options)) {}
    ~AsyncClient() {
        client.close();
        io.restart();
        io.run();
    }

    /// Runs `op` to completion; `signal` (when given) can cancel it.
    template <class T>
    T run(asio::awaitable<T> op, asio::cancellation_signal* signal = nullptr) {
        std::optional<T> out;
        auto body = [&]() -> asio::awaitable<void> { out.emplace(co_await std::move(op)); };
        auto done = [&](std::exception_ptr e) {
            io.stop();
            if (e)
                std::rethrow_exception(e);
        };
        if (signal != nullptr)
            asio::co_spawn(io, body, asio::bind_cancellation_slot(signal->slot(), done));
        else
            asio::co_spawn(io, body, done);
        io.run();
        io.restart();
        return std::move(*out);
    }

    smp::Status connect() { return run(client.connect()); }

    asio::io_context io;
    smp::Client client;
};

/// The device's image list, read with a blocking client of its own (retried on a lossy link).
inline smp::Result<smp::image::StateResponse> read_state(std::uint16_t port) {
    smp::BlockingClient c(smp::UdpOptions{.host = "127.0.0.1", .port = port}, quick_options());
    if (auto s = c.connect(); !s)
        return s.error();
    const smp::image::StateRead read;
    return c.request(read);
}

inline std::optional<smp::Bytes> slot_hash(const smp::image::StateResponse& state,
                                           std::uint32_t slot) {
    for (const auto& s : state.images)
        if (s.slot == slot)
            return s.hash;
    return std::nullopt;
}

inline std::optional<smp::Bytes> active_hash(const smp::image::StateResponse& state) {
    for (const auto& s : state.images)
        if (s.active)
            return s.hash;
    return std::nullopt;
}

/// Resets the device (os reset: answered, then the device reboots 250 ms later).
inline smp::Status reset_device(std::uint16_t port) {
    smp::BlockingClient c(smp::UdpOptions{.host = "127.0.0.1", .port = port}, quick_options());
    if (auto s = c.connect(); !s)
        return s.error();
    const smp::os::Reset reset;
    auto r = c.request(reset);
    if (!r)
        return r.error();
    return smp::Unit{};
}

/// Makes `image` the running, confirmed image (upload, mark permanent, reset, swap), so that
/// later uploads have an old image to keep bootable. Returns its hash (empty on failure).
inline smp::Bytes install_running_image(std::uint16_t port, const TestImage& image) {
    {
        smp::BlockingClient c(smp::UdpOptions{.host = "127.0.0.1", .port = port}, quick_options());
        EXPECT_TRUE(c.connect());
        auto up = c.upload_image(image.bytes, quick_upload());
        EXPECT_TRUE(up) << up.error().message();
        const smp::image::StateWrite permanent{.hash = image.hash, .confirm = true};
        auto w = c.request(permanent);
        EXPECT_TRUE(w) << w.error().message();
    }
    EXPECT_TRUE(reset_device(port));
    for (int i = 0; i < 50; ++i) {
        std::this_thread::sleep_for(100ms);
        auto state = read_state(port);
        if (state && active_hash(*state) == image.hash)
            return image.hash;
    }
    ADD_FAILURE() << "the device did not boot the installed image";
    return {};
}

}  // namespace smp_rel
