// SPDX-License-Identifier: Apache-2.0
#pragma once
// Pieces the benchmark programs share: a child process whose stdout is read line by line
// (smpsim prints one JSON ready line per endpoint), deterministic MCUboot images (both from
// tests/support), and the process's own memory figures from the kernel.
#include <smp/client/blocking_client.hpp>
#include <smp/mcuboot/image_builder.hpp>

#include <chrono>
#include <fstream>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/child_process.hpp"
#include "support/images.hpp"

namespace smp_bench {

/// A child process (stderr to /dev/null, SIGTERM when the benchmark dies) whose stdout is read
/// line by line; SIGTERM and reaped on destruction.
class Child : public smp::test::ChildProcess {
  public:
    explicit Child(std::vector<std::string> argv)
        : ChildProcess(std::move(argv), {.stderr_to_null = true, .die_with_parent = true}) {}
};

/// An MCUboot image (header 0x200) with a pseudo-random payload of `size` bytes: distinct
/// seeds give distinct images, so no upload resumes another.
inline smp::Bytes make_image(std::size_t size, unsigned seed) {
    smp::mcuboot::ImageBuildOptions options;
    options.header_size = 0x200;
    options.version = {1, 2, 3, seed};
    return smp::test::mcuboot_image(smp::test::noise_bytes(size, seed), options);
}

/// One upload and its wall time.
struct TimedUpload {
    smp::UploadResult result;
    double seconds = 0;
};

/// Uploads `image` to a connected client at `window` (nullopt: the automatic window) and
/// times it. Throws unless the upload ended with the device confirming the image's SHA-256,
/// so that no figure is ever printed for an upload that did not happen.
inline TimedUpload timed_upload(smp::BlockingClient& client, smp::ByteView image,
                                std::optional<std::size_t> window) {
    smp::UploadOptions options;
    options.window = window;
    const auto t0 = std::chrono::steady_clock::now();
    auto result = client.upload_image(image, options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!result)
        throw std::runtime_error("upload: " + result.error().message());
    if (result->match != true)
        throw std::runtime_error("upload: the device did not confirm the sha");
    return {std::move(*result), seconds};
}

/// The whole file in one buffer of exactly its size (a growing buffer would hold two copies
/// at its last reallocation, which the memory figures would charge to the upload).
inline smp::Bytes read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in)
        throw std::runtime_error("cannot read " + path);
    smp::Bytes data(static_cast<std::size_t>(in.tellg()));
    in.seekg(0);
    in.read(reinterpret_cast<char*>(data.data()), static_cast<std::streamsize>(data.size()));
    if (!in)
        throw std::runtime_error("cannot read " + path);
    return data;
}

/// The process's peak resident set so far: VmHWM of /proc/self/status. (Not getrusage's
/// ru_maxrss, which survives execve: a child of a large parent starts with the parent's peak.)
inline std::size_t peak_rss_bytes() {
    std::ifstream status("/proc/self/status");
    std::string key;
    while (status >> key) {
        if (key == "VmHWM:") {
            std::size_t kib = 0;
            status >> kib;
            return kib * 1024;
        }
        status.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
    }
    throw std::runtime_error("no VmHWM in /proc/self/status");
}

/// The process's resident set now (/proc/self/statm, in pages).
inline std::size_t current_rss_bytes() {
    std::ifstream statm("/proc/self/statm");
    std::size_t total = 0;
    std::size_t resident = 0;
    statm >> total >> resident;
    return resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

}  // namespace smp_bench
