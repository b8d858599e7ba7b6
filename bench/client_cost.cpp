// SPDX-License-Identifier: Apache-2.0
// smp_client_cost: one upload by one client process, for measuring what the client costs:
// instructions (run it under `valgrind --tool=callgrind`) and peak memory (VmHWM). The
// device is a separate smpsim process, so neither figure includes the device's work.
//
//     smp_client_cost make-image --kib 256 --seed 1 --out img.bin   (prints its size and hash)
//     smp_client_cost upload --udp 127.0.0.1:PORT --image img.bin   (prints one JSON line)
//
// Memory (VmHWM, see bench_support.hpp): the resident set is sampled after connecting and
// before the image is read (the baseline: code, libraries, the client), and the peak is taken
// at the end; the image is read into one buffer and the client uploads from it without
// copying, so peak - baseline - image is what the upload itself needs, which must not grow
// with the image.
#include "bench_support.hpp"

#include <smp/client/blocking_client.hpp>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <chrono>
#include <fstream>
#include <iostream>

namespace {

int make_image_file(std::size_t kib, unsigned seed, const std::string& out) {
    const auto image = smp_bench::make_image(kib * 1024, seed);
    std::ofstream(out, std::ios::binary)
        .write(reinterpret_cast<const char*>(image.data()),
               static_cast<std::streamsize>(image.size()));
    const auto parsed = smp::mcuboot::parse_mcuboot_image(image);
    if (!parsed)
        throw std::runtime_error("image reader: " + parsed.error().message());
    std::string hash;
    for (auto b : parsed->hash)
        hash += fmt::format("{:02x}", b);
    std::cout << fmt::format(R"({{"bytes": {}, "hash": "{}"}})"
                             "\n",
                             image.size(), hash);
    return 0;
}

int upload(const std::string& address, const std::string& path) {
    const auto colon = address.rfind(':');
    smp::ClientOptions options;
    options.log = [](std::string_view) {};
    smp::BlockingClient client(
        smp::UdpOptions{.host = address.substr(0, colon),
                        .port = static_cast<std::uint16_t>(std::stoul(address.substr(colon + 1)))},
        options);
    if (auto c = client.connect(); !c) {
        std::cerr << "connect: " << c.error().message() << "\n";
        return 1;
    }
    const auto baseline = smp_bench::current_rss_bytes();
    const auto image = smp_bench::read_file(path);
    const auto t0 = std::chrono::steady_clock::now();
    auto result = client.upload_image(image);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!result || result->match != true) {
        std::cerr << "upload: " << (result ? "no sha match" : result.error().message()) << "\n";
        return 1;
    }
    client.close();
    std::cout << fmt::format(
        R"({{"bytes": {}, "seconds": {:.6f}, "baseline_rss": {}, "peak_rss": {}}})"
        "\n",
        image.size(), seconds, baseline, smp_bench::peak_rss_bytes());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"smp_client_cost: one upload, for callgrind and peak-memory measurements"};
    app.require_subcommand(1);
    std::size_t kib = 256;
    unsigned seed = 1;
    std::string out;
    auto* make = app.add_subcommand("make-image", "write an MCUboot image of KiB payload");
    make->add_option("--kib", kib, "payload KiB");
    make->add_option("--seed", seed, "distinct seeds give distinct images");
    make->add_option("--out", out, "output file")->required();
    std::string address;
    std::string image;
    auto* up = app.add_subcommand("upload", "upload an image file to a UDP device");
    up->add_option("--udp", address, "host:port of smpsim")->required();
    up->add_option("--image", image, "image file")->required();
    CLI11_PARSE(app, argc, argv);
    try {
        if (make->parsed())
            return make_image_file(kib, seed, out);
        return upload(address, image);
    } catch (const std::exception& e) {
        std::cerr << "smp_client_cost: " << e.what() << "\n";
        return 1;
    }
}
