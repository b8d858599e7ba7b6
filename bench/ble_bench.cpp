// SPDX-License-Identifier: Apache-2.0
// smp_ble_bench: image-upload goodput over the BLE transport, through the fake BlueZ on a
// private dbus-daemon (the test rig of tests/ble), with window 1 and the automatic window.
// Prints one JSON document: the link settings, our two uploads and, with --python (a venv
// with smpclient[ble] 7.3.0, whose bleak finds the fake BlueZ through DBUS_SYSTEM_BUS_ADDRESS
// like our transport does), the Python smpclient's upload or why it failed.
//
// The fake moves at most --packets-per-interval ATT packets per direction per connection
// event (its default 4), so the link limit is image bytes / (writes x connection interval /
// packets per event); without reassembly each request is one write, with it a request of the
// message budget takes ceil(budget / (ATT_MTU - 3)) writes. The bench reports the limit from
// the chunk count of the upload.
//
// --reassembly: the device joins writes (CONFIG_MCUMGR_TRANSPORT_BT_REASSEMBLY) and our client
// is told so. Python smpclient needs it: it sizes requests to the device's buf_size and cuts
// them into writes, which a device without reassembly reads as truncated requests.
#include "bench_support.hpp"
#include "ble_rig.hpp"

#include <smp/client/blocking_client.hpp>
#include <smp/transport/ble.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace {

using namespace std::chrono_literals;

struct Settings {
    std::size_t image_kib = 64;
    std::size_t mtu = 247;
    /// The shortest connection interval of BLE: multiples of 1.25 ms from 7.5 ms (Core spec,
    /// Vol 6, Part B, 4.5.1).
    double interval_ms = 7.5;
    std::size_t packets_per_interval = 4;
    std::size_t buf_size = 2048;
    std::size_t buf_count = 4;
    std::uint32_t flash_us_per_kb = 500;
    bool reassembly = false;
    std::string python;
    std::string python_script = std::string(SMP_BENCH_DIR) + "/smpclient_upload.py";
    bool window_table = false;
    unsigned repeats = 3;
};

constexpr const char* device_address = "C0:FF:EE:00:00:01";  // the fake's default

nlohmann::json upload(const Settings& s, std::optional<std::size_t> window, unsigned seed) {
    smp::ClientOptions quiet;
    quiet.log = [](std::string_view) {};
    smp::BlockingClient client(
        [&s](asio::any_io_executor ex) {
            return smp::make_ble_transport(
                ex, smp::BleOptions{
                        .address = device_address, .scan_timeout = 5s, .reassembly = s.reassembly});
        },
        quiet);
    if (auto c = client.connect(); !c)
        throw std::runtime_error("connect: " + c.error().message());
    const auto image = smp_bench::make_image(s.image_kib * 1024, seed);
    const auto [result, seconds] = smp_bench::timed_upload(client, image, window);
    const auto chunks = result.counters.sends - result.counters.resends;
    const auto budget = client.params().message_budget;
    const auto writes_per_chunk = (budget + s.mtu - 4) / (s.mtu - 3);
    const double event_s = s.interval_ms / 1000.0 / static_cast<double>(s.packets_per_interval);
    const double link_seconds = static_cast<double>(chunks * writes_per_chunk) * event_s;
    client.close();
    return {{"window", result.window},
            {"auto", !window.has_value()},
            {"bytes", image.size()},
            {"seconds", seconds},
            {"goodput", static_cast<double>(image.size()) / seconds},
            {"chunks", chunks},
            {"resends", result.counters.resends},
            {"message_budget", budget},
            {"limit", static_cast<double>(image.size()) / link_seconds}};
}

// The Python smpclient over bleak on the same rig: {"goodput", "seconds"} or {"error"}.
nlohmann::json theirs(const Settings& s, unsigned seed) {
    const auto image = smp_bench::make_image(s.image_kib * 1024, seed);
    const auto parsed = smp::mcuboot::parse_mcuboot_image(image);
    std::string hash;
    for (auto b : parsed.value().hash) {
        static constexpr char digits[] = "0123456789abcdef";
        hash += digits[b >> 4];
        hash += digits[b & 15];
    }
    const auto file = std::filesystem::temp_directory_path() /
                      ("smp-ble-bench-" + std::to_string(::getpid()) + ".bin");
    std::ofstream(file, std::ios::binary)
        .write(reinterpret_cast<const char*>(image.data()),
               static_cast<std::streamsize>(image.size()));
    const auto cmd = s.python + " " + s.python_script + " --image " + file.string() + " --hash " +
                     hash + " --ble " + device_address + " 2>&1";
    std::string out;
    if (std::FILE* p = ::popen(cmd.c_str(), "r")) {
        char buf[512];
        while (std::fgets(buf, sizeof buf, p) != nullptr)
            out += buf;
        const int status = ::pclose(p);
        std::filesystem::remove(file);
        if (status == 0 && out.rfind('{') != std::string::npos) {
            auto j = nlohmann::json::parse(out.substr(out.rfind('{')));
            return {{"goodput", j.at("bytes").get<double>() / j.at("seconds").get<double>()},
                    {"seconds", j.at("seconds")}};
        }
    }
    // The last lines say why (a Python traceback ends with the exception).
    return {{"error", out.size() > 1500 ? out.substr(out.size() - 1500) : out}};
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

// Issue 14: one Markdown row, every fixed window 1..buf_count - 1 beside the adaptive one
// (the same columns as smp_upload_bench --window-table). The cells of a repeat run in a
// rotated order, so that a slow spell of the machine does not always fall on one cell.
void window_row(const Settings& s) {
    const std::size_t cells = s.buf_count;  // windows 1..buf_count - 1, then auto
    std::vector<std::vector<double>> goodput(cells);
    std::vector<std::string> finals;
    unsigned seed = 100;
    for (unsigned r = 0; r < s.repeats; ++r)
        for (std::size_t k = 0; k < cells; ++k) {
            const std::size_t cell = (k + r) % cells;
            const bool adaptive = cell + 1 == cells;
            const auto m =
                upload(s, adaptive ? std::nullopt : std::optional<std::size_t>(cell + 1), ++seed);
            goodput[cell].push_back(m.at("goodput").get<double>());
            if (adaptive)
                finals.push_back(std::to_string(m.at("window").get<std::size_t>()));
        }
    std::vector<double> med;
    std::string fixed;
    for (auto& g : goodput)
        med.push_back(median(g));
    for (std::size_t w = 0; w + 1 < cells; ++w)
        fixed += fmt::format(" {:.1f} |", med[w] / 1024);
    for (std::size_t w = cells; w <= 3; ++w)
        fixed += " n/a |";
    const double best = *std::max_element(med.begin(), med.end() - 1);
    std::cout << fmt::format(
        "| BLE, {} ms interval, MTU {}{} | {} x {} | {} |{} {:.1f} ({}) | "
        "{:.2f}x | {:.2f}x |\n",
        s.interval_ms, s.mtu, s.reassembly ? ", reassembly" : "", s.buf_size, s.buf_count,
        s.image_kib, fixed, med.back() / 1024, fmt::join(finals, ", "), med.back() / best,
        med.back() / med[0]);
}

}  // namespace

int main(int argc, char** argv) {
    Settings s;
    CLI::App app{"smp_ble_bench: upload goodput over BLE through the fake BlueZ"};
    app.add_option("--image-kib", s.image_kib, "image payload KiB");
    app.add_option("--mtu", s.mtu, "ATT MTU");
    app.add_option("--conn-interval-ms", s.interval_ms, "connection interval (ms, 1.25 ms steps)");
    app.add_option("--buf-size", s.buf_size, "device SMP buffer size");
    app.add_option("--buf-count", s.buf_count, "device SMP buffer count");
    app.add_option("--flash-us-per-kb", s.flash_us_per_kb, "emulated flash write time");
    app.add_flag("--reassembly", s.reassembly,
                 "the device joins writes (CONFIG_MCUMGR_TRANSPORT_BT_REASSEMBLY)");
    app.add_option("--python", s.python, "python of a venv with smpclient[ble] (empty: skip)");
    app.add_flag("--window-table", s.window_table,
                 "issue 14: a Markdown row, every fixed window beside the adaptive one");
    app.add_option("--repeats", s.repeats, "--window-table: uploads per cell (median)");
    CLI11_PARSE(app, argc, argv);
    try {
        std::vector<std::string> device;
        const auto option = [&device](const char* name, auto value) {
            device.insert(device.end(), {name, std::to_string(value)});
        };
        option("--mtu", s.mtu);
        option("--conn-interval-ms", s.interval_ms);
        option("--packets-per-interval", s.packets_per_interval);
        option("--buf-size", s.buf_size);
        option("--buf-count", s.buf_count);
        option("--slot-size", s.image_kib * 1024 + 64 * 1024);
        option("--flash-write-us-per-kb", s.flash_us_per_kb);
        if (s.reassembly)
            device.push_back("--reassembly");
        smp_ble_test::BleRig rig(device);
        if (s.window_table) {
            window_row(s);
            return 0;
        }
        nlohmann::json report{{"config",
                               {{"image_kib", s.image_kib},
                                {"mtu", s.mtu},
                                {"interval_ms", s.interval_ms},
                                {"packets_per_interval", s.packets_per_interval},
                                {"buf_size", s.buf_size},
                                {"buf_count", s.buf_count},
                                {"flash_us_per_kb", s.flash_us_per_kb},
                                {"reassembly", s.reassembly}}},
                              {"ours", {upload(s, 1, 1), upload(s, std::nullopt, 2)}}};
        if (!s.python.empty()) {
            auto py = theirs(s, 3);
            if (py.contains("error"))
                report["smpclient_error"] = py["error"];
            else
                report["smpclient"] = py;
        }
        std::cout << report.dump(2) << std::endl;
    } catch (const std::exception& e) {
        std::cerr << "smp_ble_bench: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
