// SPDX-License-Identifier: Apache-2.0
#pragma once
// smp_upload_bench's rig: the rows (link and device of one smpsim), the
// settings, smpsim as a child process, the images uploaded, and the link limit
// computed from the framing.
#include "bench_support.hpp"

#include <smp/mcuboot/mcuboot_image.hpp>
#include <smp/mcuboot/sha256.hpp>
#include <smp/protocol/messages/image.hpp>
#include <smp/protocol/serial/framing.hpp>
#include <smp/protocol/upload/upload_machine.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace smp_upload_bench {

namespace fs = std::filesystem;

struct Row {
    std::string name;
    bool serial = false;
    std::uint32_t baud = 0;
    std::uint32_t latency_ms = 0;  ///< each direction: the round trip is twice this
    std::size_t buf_size = 2048;
    std::size_t buf_count = 2;
    std::uint32_t cpu_us_per_kb = 0;  ///< smpsim --cpu-us-per-kb: a CPU-bound device
    double cpu_slowdown = 0;          ///< smpsim --cpu-slowdown-per-waiting
    std::size_t image_kib = 0;        ///< 0: Settings::image_kib
    double cpu_overlap = 0;           ///< smpsim --cpu-overlap-slowdown
};

struct Settings {
    std::string smpsim = SMPSIM_PATH;
    std::string python;
    std::string python_script = std::string(SMP_BENCH_DIR) + "/smpclient_upload.py";
    std::size_t image_kib = 256;
    std::uint32_t flash_us_per_kb = 500;
    unsigned repeats = 1;
    std::string only;
    std::string json_out;
    bool window_table = false;
};

// smpsim as a child process; its JSON ready line tells where it listens.
class Smpsim {
  public:
    explicit Smpsim(const Settings& s, const Row& row, const fs::path& state)
        : child_(arguments(s, row, state)), ready(nlohmann::json::parse(child_.read_line())) {}

    std::string udp_host() const { return address().substr(0, address().rfind(':')); }
    std::uint16_t udp_port() const {
        return static_cast<std::uint16_t>(std::stoul(address().substr(address().rfind(':') + 1)));
    }
    std::string pty() const { return ready.at("path").get<std::string>(); }

  private:
    static std::vector<std::string> arguments(const Settings& s, const Row& row,
                                              const fs::path& state) {
        std::vector<std::string> args{s.smpsim,
                                      "--state-dir",
                                      state.string(),
                                      "--slot-size",
                                      std::to_string(4 * 1024 * 1024),
                                      "--buf-size",
                                      std::to_string(row.buf_size),
                                      "--buf-count",
                                      std::to_string(row.buf_count),
                                      "--latency-ms",
                                      std::to_string(row.latency_ms),
                                      "--flash-write-us-per-kb",
                                      std::to_string(s.flash_us_per_kb)};
        if (row.cpu_us_per_kb > 0)
            args.insert(args.end(),
                        {"--cpu-us-per-kb", std::to_string(row.cpu_us_per_kb),
                         "--cpu-slowdown-per-waiting", fmt::format("{}", row.cpu_slowdown),
                         "--cpu-overlap-slowdown", fmt::format("{}", row.cpu_overlap)});
        if (row.serial) {
            args.insert(args.end(), {"--pty", "--baud", std::to_string(row.baud)});
        } else {
            args.insert(args.end(), {"--udp", "127.0.0.1:0"});
        }
        return args;
    }
    std::string address() const { return ready.at("address").get<std::string>(); }

    smp_bench::Child child_;  // declared before `ready`, which is read from its stdout

  public:
    nlohmann::json ready;
};

struct Image {
    smp::Bytes bytes;
    smp::Bytes hash;  ///< the hash TLV, as the device's image list reports it
};

// Distinct payloads per upload so that no upload resumes a previous one.
inline Image make_image(std::size_t size, unsigned seed) {
    smp::Bytes built = smp_bench::make_image(size, seed);
    auto parsed = smp::mcuboot::parse_mcuboot_image(built);
    if (!parsed)
        throw std::runtime_error("image reader: " + parsed.error().message());
    return Image{std::move(built), parsed->hash};
}

// The request sizes our upload sends on a clean link, from the real upload
// machine with the client's message budget: the basis of the link limit.
struct Chunk {
    std::size_t message = 0;  ///< whole SMP request, header included
    std::size_t data = 0;
};

inline std::vector<Chunk> request_sizes(const Image& image, std::size_t budget) {
    const auto sha = smp::mcuboot::sha256(image.bytes);
    smp::upload::UploadMachine machine;
    smp::upload::UploadParams params;
    params.message_budget = budget;
    params.window = 1;
    std::vector<Chunk> sizes;
    auto actions = machine.start(image.bytes, smp::ByteView(sha.data(), sha.size()), params);
    while (!machine.finished()) {
        const auto* send = actions.empty()
                               ? nullptr
                               : std::get_if<smp::upload::upload_action::Send>(&actions.front());
        for (const auto& a : actions)
            if (!send)
                send = std::get_if<smp::upload::upload_action::Send>(&a);
        if (!send)
            throw std::runtime_error("upload machine stalled while sizing requests");
        auto chunk = smp::decode_payload<smp::image::Upload>(send->payload);
        if (!chunk)
            throw std::runtime_error("cannot decode our own chunk: " + chunk.error().message());
        sizes.push_back(Chunk{smp::header_size + send->payload.size(), chunk->data.size()});
        // A clean link: the device accepts the chunk and asks for the next offset.
        smp::image::UploadResponse answer;
        answer.off = chunk->off + chunk->data.size();
        if (*answer.off == image.bytes.size())
            answer.match = true;
        const auto id = send->id;
        actions = machine.on_response(id, answer);
    }
    return sizes;
}

// The best goodput the link and the device allow (bytes per second), for
// `window` chunks in flight. Serial: every request byte crosses the line as
// base64 with markers, newlines, length and CRC (serial::encoded_size) at 10
// bit times per byte; answers travel on the other wire (full duplex), the
// device's flash time overlaps with the line when pipelined. UDP: a chunk costs
// its flash time, and the window can keep at most `window` chunks per round
// trip plus flash time.
inline double link_limit(const Row& row, const std::vector<Chunk>& chunks, std::size_t window,
                         std::uint32_t flash_us_per_kb, std::size_t image_size) {
    double wire_s = 0;
    double flash_s = 0;
    double window_s = 0;
    const double rtt = 2.0 * row.latency_ms / 1000.0;
    for (const auto& c : chunks) {
        const double flash = flash_us_per_kb * 1e-6 * static_cast<double>(c.data) / 1024.0;
        flash_s += flash;
        window_s += (rtt + flash) / static_cast<double>(window);
        if (row.serial)
            wire_s += static_cast<double>(smp::serial::encoded_size(c.message)) * 10.0 / row.baud;
    }
    const double seconds = std::max({wire_s, flash_s, row.serial ? 0.0 : window_s});
    return seconds > 0 ? static_cast<double>(image_size) / seconds : 0;
}

}  // namespace smp_upload_bench
