// SPDX-License-Identifier: Apache-2.0
// DTLS against plain UDP on the same smpsim (one device serving both endpoints): upload
// goodput at loopback and at a 20 ms round trip (2048 x 4 buffers), the handshake's time, and
// the CPU per uploaded byte of the client (this process) and of the device (smpsim). Runs
// alternate UDP and DTLS so both see the same machine load; the medians are printed with the
// DTLS/UDP ratio. A measurement, not a test.
//
//     build/release/bench/smp_dtls_bench [--image-kib 512] [--repeats 5]
#include <smp/client/client.hpp>
#include <smp/transport/dtls.hpp>
#include <smp/transport/udp.hpp>

#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>

#include "bench_support.hpp"
#include "support/dtls_credentials.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

struct Sample {
    double connect_ms = 0;  ///< transport open (resolve, handshake) and the params read
    double goodput = 0;     ///< KiB/s of image
    double client_ns = 0;   ///< client CPU per image byte
    double device_ns = 0;   ///< smpsim CPU per image byte
};

double process_cpu_seconds() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// utime + stime of another process (/proc/PID/stat fields 14 and 15, in clock ticks).
double child_cpu_seconds(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), {});
    std::istringstream fields(text.substr(text.rfind(')') + 2));
    std::string skip;
    for (int i = 3; i < 14; ++i)
        fields >> skip;
    double utime = 0;
    double stime = 0;
    fields >> utime >> stime;
    return (utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// Runs one operation to completion on `io` (Result has no default state for use_future).
template <class T>
asio::awaitable<void> store(asio::awaitable<T> op, std::optional<T>& result) {
    result.emplace(co_await std::move(op));
}

template <class T>
T run(asio::io_context& io, asio::awaitable<T> op) {
    std::optional<T> result;
    // Stopped at the operation's end: the client's receive loop keeps the context busy.
    asio::co_spawn(io, store(std::move(op), result), [&io](std::exception_ptr e) {
        io.stop();
        if (e)
            std::rethrow_exception(e);
    });
    io.restart();
    io.run();
    return std::move(*result);
}

Sample upload_once(std::unique_ptr<smp::Transport> transport, asio::io_context& io,
                   const smp::Bytes& image, pid_t device) {
    smp::ClientOptions quiet;
    quiet.log = [](std::string_view) {};
    smp::Client client(io.get_executor(), std::move(transport), quiet);
    Sample s;
    const auto t0 = Clock::now();
    if (auto connected = run(io, client.connect()); !connected)
        throw std::runtime_error(connected.error().message());
    s.connect_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    const double cpu0 = process_cpu_seconds();
    const double dev0 = child_cpu_seconds(device);
    const auto t1 = Clock::now();
    auto done = run(io, client.upload_image(image, smp::UploadOptions{}));
    if (!done)
        throw std::runtime_error(done.error().message());
    const double seconds = std::chrono::duration<double>(Clock::now() - t1).count();
    const auto bytes = static_cast<double>(image.size());
    s.goodput = bytes / 1024.0 / seconds;
    s.client_ns = (process_cpu_seconds() - cpu0) * 1e9 / bytes;
    s.device_ns = (child_cpu_seconds(device) - dev0) * 1e9 / bytes;
    client.close();
    io.restart();
    io.run();
    return s;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

struct Regime {
    std::string name;
    unsigned latency_ms;  ///< each way
};

// The device's certificate decides the suite among Zephyr's two (smp_svr sample).
struct Suite {
    std::string name;
    std::string cert;
    std::string key;
};

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"DTLS vs plain UDP on the same smpsim: goodput, handshake, CPU per byte"};
    std::size_t image_kib = 512;
    unsigned repeats = 5;
    app.add_option("--image-kib", image_kib, "image size")->capture_default_str();
    app.add_option("--repeats", repeats, "uploads per link and regime (median)")
        ->capture_default_str();
    CLI11_PARSE(app, argc, argv);
    const auto& creds = smp_test::DtlsCredentials::get();
    const Suite suites[] = {
        {"ECDHE-RSA-AES128-CBC-SHA256 (RSA-2048 cert)", creds.server_cert, creds.server_key},
        {"ECDHE-ECDSA-AES128-GCM-SHA256 (P-256 cert)", creds.server_ec_cert, creds.server_ec_key}};
    std::cout
        << "| DTLS suite | RTT | DTLS/UDP goodput | UDP KiB/s | DTLS KiB/s | connect UDP ms | "
           "connect DTLS ms (handshake) | client CPU ns/B UDP / DTLS | smpsim CPU ns/B UDP "
           "/ DTLS |\n|---|---|---|---|---|---|---|---|---|\n";
    unsigned seed = 1;
    for (const Suite& suite : suites)
        for (const Regime& regime : {Regime{"loopback", 0}, Regime{"20 ms", 10}}) {
            const fs::path state = fs::temp_directory_path() /
                                   ("smp-dtls-bench-" + std::to_string(::getpid()) + regime.name);
            smp_bench::Child sim({SMPSIM_PATH, "--state-dir", state.string(), "--slot-size",
                                  std::to_string(4 * 1024 * 1024), "--buf-size", "2048",
                                  "--buf-count", "4", "--latency-ms",
                                  std::to_string(regime.latency_ms), "--udp", "127.0.0.1:0",
                                  "--dtls", "127.0.0.1:0", "--dtls-cert", creds.server_cert,
                                  "--dtls-key", creds.server_key});
            const auto udp_at =
                nlohmann::json::parse(sim.read_line())["address"].get<std::string>();
            const auto dtls_at =
                nlohmann::json::parse(sim.read_line())["address"].get<std::string>();
            const auto port = [](const std::string& a) {
                return static_cast<std::uint16_t>(std::stoul(a.substr(a.rfind(':') + 1)));
            };
            asio::io_context io;
            std::vector<Sample> udp;
            std::vector<Sample> dtls;
            for (unsigned i = 0; i < repeats; ++i) {
                const auto image = smp_bench::make_image(image_kib * 1024, seed++);
                udp.push_back(
                    upload_once(smp::make_udp_transport(
                                    io.get_executor(), {.host = "127.0.0.1", .port = port(udp_at)}),
                                io, image, sim.pid()));
                smp::DtlsOptions options{.host = "127.0.0.1", .port = port(dtls_at)};
                options.ca_file = creds.ca;
                const auto image2 = smp_bench::make_image(image_kib * 1024, seed++);
                dtls.push_back(upload_once(smp::make_dtls_transport(io.get_executor(), options), io,
                                           image2, sim.pid()));
            }
            const auto pick = [](const std::vector<Sample>& v, double Sample::*field) {
                std::vector<double> values;
                for (const auto& s : v)
                    values.push_back(s.*field);
                return median(values);
            };
            const double u = pick(udp, &Sample::goodput);
            const double d = pick(dtls, &Sample::goodput);
            const double cu = pick(udp, &Sample::connect_ms);
            const double cd = pick(dtls, &Sample::connect_ms);
            std::cout << fmt::format(
                "| {} | {} | {:.3f} | {:.0f} | {:.0f} | {:.1f} | {:.1f} ({:+.1f}) | "
                "{:.1f} / {:.1f} | {:.1f} / {:.1f} |\n",
                suite.name, regime.name, d / u, u, d, cu, cd, cd - cu,
                pick(udp, &Sample::client_ns), pick(dtls, &Sample::client_ns),
                pick(udp, &Sample::device_ns), pick(dtls, &Sample::device_ns));
            std::cout.flush();
            std::error_code ec;
            fs::remove_all(state, ec);
        }
    std::cout << fmt::format(
        "\nsmpsim 2048 x 4 buffers, UDP MTU 1500; {} KiB images, median of {} uploads per cell, "
        "UDP and DTLS "
        "alternating; connect = open (DTLS: handshake) + MCUmgr params.\n",
        image_kib, repeats);
    return 0;
}
