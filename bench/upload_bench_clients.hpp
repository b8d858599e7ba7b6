// SPDX-License-Identifier: Apache-2.0
#pragma once
// smp_upload_bench's two clients: one checked upload with smp::BlockingClient
// (ours), and one with the Python smpclient through bench/smpclient_upload.py
// (theirs).
#include "upload_bench_rig.hpp"

#include <smp/client/blocking_client.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>

#if __has_include(<smp/transport/serial.hpp>)
#include <smp/transport/serial.hpp>
#define SMP_BENCH_HAVE_SERIAL 1
#endif

namespace smp_upload_bench {

struct Measured {
    double goodput = 0;  ///< image bytes per second; 0 when not measured
    std::string note;    ///< why not, or what went wrong
};

inline smp::ClientOptions quiet() {
    smp::ClientOptions o;
    o.log = [](std::string_view) {};
    return o;
}

inline std::unique_ptr<smp::BlockingClient> our_client(const Row& row, const Smpsim& sim) {
    if (!row.serial)
        return std::make_unique<smp::BlockingClient>(
            smp::UdpOptions{.host = sim.udp_host(), .port = sim.udp_port()}, quiet());
#ifdef SMP_BENCH_HAVE_SERIAL
    return std::make_unique<smp::BlockingClient>(
        [path = sim.pty(), baud = row.baud](asio::any_io_executor ex) {
            return smp::make_serial_transport(
                ex, smp::SerialOptions{.device = path, .baud_rate = baud});
        },
        quiet());
#else
    return nullptr;
#endif
}

inline void check_slot(smp::BlockingClient& client, const Image& image) {
    const smp::image::StateRead read;
    auto state = client.request(read);
    if (!state)
        throw std::runtime_error("state read: " + state.error().message());
    for (const auto& s : state->images)
        if (s.slot == 1 && s.hash == image.hash)
            return;
    throw std::runtime_error("slot 1 does not hold the uploaded image");
}

inline Measured ours(const Row& row, const Smpsim& sim, const Image& image,
                     std::optional<std::size_t> window, std::size_t* budget,
                     std::size_t* auto_window, std::size_t* final_window = nullptr) {
    auto client = our_client(row, sim);
    if (!client)
        return {0, "no serial transport in the client yet"};
    if (auto c = client->connect(); !c)
        throw std::runtime_error("connect: " + c.error().message());
    *budget = client->params().message_budget;
    *auto_window = client->params().window;
    const auto upload = smp_bench::timed_upload(*client, image.bytes, window);
    if (final_window)
        *final_window = upload.result.window;
    check_slot(*client, image);
    client->close();
    return {static_cast<double>(image.bytes.size()) / upload.seconds, ""};
}

inline std::string hex(smp::ByteView bytes) {
    std::string out;
    for (auto b : bytes)
        out += fmt::format("{:02x}", b);
    return out;
}

inline Measured theirs(const Settings& s, const Row& row, const Smpsim& sim, const Image& image,
                       const fs::path& dir) {
    if (s.python.empty())
        return {0, "skipped (--python not given)"};
    const auto file = dir / "theirs.bin";
    std::ofstream(file, std::ios::binary)
        .write(reinterpret_cast<const char*>(image.bytes.data()),
               static_cast<std::streamsize>(image.bytes.size()));
    std::string cmd =
        s.python + " " + s.python_script + " --image " + file.string() + " --hash " +
        hex(image.hash) +
        (row.serial ? " --serial " + sim.pty()
                    : " --udp " + sim.udp_host() + ":" + std::to_string(sim.udp_port()));
    std::FILE* p = ::popen(cmd.c_str(), "r");
    if (p == nullptr)
        return {0, "cannot run " + s.python};
    std::string out;
    char buf[512];
    while (std::fgets(buf, sizeof buf, p) != nullptr)
        out += buf;
    const int status = ::pclose(p);
    if (status != 0)
        return {0, "smpclient failed: " + out};
    const auto j = nlohmann::json::parse(out.substr(out.rfind('{')));
    return {j.at("bytes").get<double>() / j.at("seconds").get<double>(), ""};
}

}  // namespace smp_upload_bench
