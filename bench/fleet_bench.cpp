// SPDX-License-Identifier: Apache-2.0
// smp_fleet_bench: one client process uploading one image to N simulated devices at once, all
// on one io_context and one thread, over UDP. The devices are one smpsim process serving N
// independent devices (--udp-count), each on its own port. Prints one JSON line: wall time,
// aggregate goodput, the client's memory per device, and how many uploads failed.
//
// Memory per device: the resident set after the image is built and before any client exists,
// against the peak at the end, divided by N; the image is shared by all uploads.
#include "bench_support.hpp"

#include <smp/client/client.hpp>
#include <smp/detail/asio_compat.hpp>
#include <smp/transport/udp.hpp>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <asio/io_context.hpp>

#include <chrono>
#include <iostream>

namespace {

struct Settings {
    std::string smpsim = SMPSIM_PATH;
    std::size_t devices = 100;
    std::size_t image_kib = 32;
    std::uint32_t flash_us_per_kb = 500;
};

struct Outcome {
    bool ok = false;
    std::string error{};
    std::uint64_t timeouts = 0;
};

smp::ClientOptions quiet() {
    smp::ClientOptions o;
    o.log = [](std::string_view) {};
    return o;
}

asio::awaitable<void> upgrade_one(smp::Client& client, smp::ByteView image, Outcome& out) {
    auto connected = co_await client.connect();
    if (!connected) {
        out.error = "connect: " + connected.error().message();
        co_return;
    }
    const smp::UploadOptions options;  // a named lvalue: see the g++ 12 note in client.hpp
    auto result = co_await client.upload_image(image, options);
    if (!result)
        out.error = "upload: " + result.error().message();
    else if (result->match != true)
        out.error = "upload: the device did not confirm the sha";
    else
        out.ok = true;
    out.timeouts = client.counters().timeouts;
    client.close();  // ends the receive loop, so io.run() returns once every upload is done
}

// "127.0.0.1:40000" from smpsim's ready line.
smp::UdpOptions endpoint_of(const std::string& ready_line) {
    const auto address = nlohmann::json::parse(ready_line).at("address").get<std::string>();
    const auto colon = address.rfind(':');
    return smp::UdpOptions{
        .host = address.substr(0, colon),
        .port = static_cast<std::uint16_t>(std::stoul(address.substr(colon + 1)))};
}

int run(const Settings& s) {
    smp_bench::Child sim(
        {s.smpsim, "--udp", "127.0.0.1:0", "--udp-count", std::to_string(s.devices), "--slot-size",
         std::to_string(s.image_kib * 1024 + 64 * 1024), "--buf-size", "2048", "--buf-count", "4",
         "--flash-write-us-per-kb", std::to_string(s.flash_us_per_kb)});
    std::vector<smp::UdpOptions> endpoints;
    for (std::size_t i = 0; i < s.devices; ++i)
        endpoints.push_back(endpoint_of(sim.read_line()));
    const auto image = smp_bench::make_image(s.image_kib * 1024, 7);

    const auto before = smp_bench::current_rss_bytes();
    asio::io_context io;
    std::vector<std::unique_ptr<smp::Client>> clients;
    std::vector<Outcome> outcomes(s.devices);
    for (const auto& ep : endpoints)
        clients.push_back(std::make_unique<smp::Client>(
            io.get_executor(), smp::make_udp_transport(io.get_executor(), ep), quiet()));
    const auto t0 = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < s.devices; ++i)
        asio::co_spawn(io, upgrade_one(*clients[i], image, outcomes[i]), asio::detached);
    io.run();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto peak = smp_bench::peak_rss_bytes();

    std::size_t failed = 0;
    std::uint64_t timeouts = 0;
    std::string first_error;
    for (const auto& o : outcomes) {
        failed += o.ok ? 0 : 1;
        timeouts += o.timeouts;
        if (!o.ok && first_error.empty())
            first_error = o.error;
    }
    const double bytes = static_cast<double>(image.size()) * static_cast<double>(s.devices);
    nlohmann::json j{{"devices", s.devices},
                     {"image_bytes", image.size()},
                     {"seconds", seconds},
                     {"goodput", bytes / seconds},
                     {"rss_before", before},
                     {"peak_rss", peak},
                     {"bytes_per_device", static_cast<double>(peak > before ? peak - before : 0) /
                                              static_cast<double>(s.devices)},
                     {"failed", failed},
                     {"timeouts", timeouts},
                     {"first_error", first_error}};
    std::cout << j.dump() << std::endl;
    return failed == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    Settings s;
    CLI::App app{"smp_fleet_bench: one client process uploading to N smpsim devices at once"};
    app.add_option("--smpsim", s.smpsim, "smpsim executable");
    app.add_option("--devices", s.devices, "number of devices")->check(CLI::Range(1, 10000));
    app.add_option("--image-kib", s.image_kib, "image payload KiB");
    app.add_option("--flash-us-per-kb", s.flash_us_per_kb, "emulated flash write time");
    CLI11_PARSE(app, argc, argv);
    try {
        return run(s);
    } catch (const std::exception& e) {
        std::cerr << "smp_fleet_bench: " << e.what() << "\n";
        return 1;
    }
}
