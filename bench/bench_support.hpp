// SPDX-License-Identifier: Apache-2.0
#pragma once
// Pieces the benchmark programs share: a child process whose stdout is read line by line
// (smpsim prints one JSON ready line per endpoint), deterministic MCUboot images, and the
// process's own memory figures from the kernel.
#include <smp/mcuboot/image_builder.hpp>
#include <smp/mcuboot/mcuboot_image.hpp>

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace smp_bench {

/// A child process (stderr to /dev/null); SIGTERM and reaped on destruction.
class Child {
  public:
    explicit Child(std::vector<std::string> argv) {
        int out[2];
        if (::pipe2(out, O_CLOEXEC) != 0)
            throw std::runtime_error("pipe failed");
        pid_ = ::fork();
        if (pid_ == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // no orphans when the benchmark is killed
            ::dup2(out[1], STDOUT_FILENO);
            const int devnull = ::open("/dev/null", O_WRONLY);
            ::dup2(devnull, STDERR_FILENO);
            std::vector<char*> args;
            for (auto& a : argv)
                args.push_back(a.data());
            args.push_back(nullptr);
            ::execv(args[0], args.data());
            ::_exit(127);
        }
        ::close(out[1]);
        stdout_ = ::fdopen(out[0], "r");
        name_ = argv.front();
    }
    ~Child() {
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        std::fclose(stdout_);
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    /// The next stdout line without its newline; throws when the child exits first.
    std::string read_line() {
        char line[1024];
        if (std::fgets(line, sizeof line, stdout_) == nullptr)
            throw std::runtime_error(name_ + " exited before it was ready");
        std::string text(line);
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
            text.pop_back();
        return text;
    }

    pid_t pid() const { return pid_; }

  private:
    pid_t pid_ = -1;
    std::FILE* stdout_ = nullptr;
    std::string name_;
};

/// An MCUboot image (header 0x200) with a pseudo-random payload of `size` bytes: distinct
/// seeds give distinct images, so no upload resumes another.
inline smp::Bytes make_image(std::size_t size, unsigned seed) {
    smp::Bytes payload(size);
    std::uint32_t x = 2463534242u + seed * 7919u;
    for (auto& b : payload) {  // xorshift32: incompressible, reproducible
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        b = static_cast<std::uint8_t>(x);
    }
    smp::mcuboot::ImageBuildOptions options;
    options.header_size = 0x200;
    options.version = {1, 2, 3, seed};
    auto built = smp::mcuboot::build_mcuboot_image(payload, options);
    if (!built)
        throw std::runtime_error("image builder: " + built.error().message());
    return std::move(*built);
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
