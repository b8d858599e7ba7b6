#pragma once
// smp::Client on its own io_context for integration tests; run() drives one operation to
// completion. image_payload()/test_image() build MCUboot images for uploads.
#include <smp/client/client.hpp>
#include <smp/detail/asio_compat.hpp>
#include <smp/image/image_builder.hpp>

#include <asio/io_context.hpp>

#include <functional>
#include <optional>

namespace smp_it {

struct ClientRunner {
    using Factory = std::function<std::unique_ptr<smp::Transport>(asio::any_io_executor)>;

    explicit ClientRunner(const Factory& make, smp::ClientOptions o = quiet())
        : client(io.get_executor(), make(io.get_executor()), std::move(o)) {}
    ~ClientRunner() {
        client.close();
        io.restart();
        io.run();
    }
    static smp::ClientOptions quiet() {
        smp::ClientOptions o;
        o.timeout = std::chrono::milliseconds(1000);
        o.log = [](std::string_view) {};
        return o;
    }
    template <class T>
    T run(asio::awaitable<T> op) {
        std::optional<T> out;
        asio::co_spawn(
            io, [&]() -> asio::awaitable<void> { out.emplace(co_await std::move(op)); },
            [&](std::exception_ptr e) {
                io.stop();
                if (e)
                    std::rethrow_exception(e);
            });
        io.run();
        io.restart();
        return std::move(*out);
    }

    asio::io_context io;
    smp::Client client;
};

/// An MCUboot image with a deterministic payload of `payload_size` bytes.
inline smp::Bytes test_image(std::size_t payload_size, unsigned seed = 13) {
    smp::Bytes payload(payload_size);
    for (std::size_t i = 0; i < payload.size(); ++i)
        payload[i] = static_cast<std::uint8_t>(i * seed + i / 97);
    return smp::image::build_mcuboot_image(payload).value();
}

}  // namespace smp_it
