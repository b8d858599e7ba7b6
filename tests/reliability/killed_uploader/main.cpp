// SPDX-License-Identifier: Apache-2.0
// A client process that dies in the middle of an upload: it uploads an image to a device over
// UDP and sends itself SIGKILL once the device has acknowledged K chunks. Nothing of the
// client survives (no destructor, no close, requests still in flight), as when the station
// loses power or an operator kills the tool; the reliability tests then resume the upload
// from a new process.
//
//     smp_killed_uploader PORT IMAGE_FILE K WINDOW     (WINDOW 0 = the automatic window)
//
// Prints the acknowledged offset at which it kills itself; exits 2 on a usage error and 3 if
// the upload ended before K acknowledgements.
#include <smp/client/blocking_client.hpp>

#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

namespace {

smp::Bytes read_image(const char* path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

smp::ClientOptions quiet() {
    smp::ClientOptions options;
    options.timeout = std::chrono::milliseconds(400);
    options.log = [](std::string_view) {};
    return options;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 5) {
        std::fprintf(stderr, "usage: %s PORT IMAGE_FILE K WINDOW\n", argv[0]);
        return 2;
    }
    const auto port = static_cast<std::uint16_t>(std::stoul(argv[1]));
    const auto image = read_image(argv[2]);
    const auto kill_after = std::stoul(argv[3]);
    const auto window = std::stoul(argv[4]);

    smp::BlockingClient client(smp::UdpOptions{.host = "127.0.0.1", .port = port}, quiet());
    if (auto connected = client.connect(); !connected) {
        std::fprintf(stderr, "connect: %s\n", connected.error().message().c_str());
        return 3;
    }
    smp::UploadOptions options;
    if (window != 0)
        options.window = window;
    std::size_t acknowledged = 0;
    std::uint64_t last = 0;
    auto uploaded = client.upload_image(image, options, [&](const smp::UploadProgress& p) {
        if (p.bytes == 0 || p.bytes == last)
            return;
        last = p.bytes;
        if (++acknowledged == kill_after) {
            std::printf("%llu\n", static_cast<unsigned long long>(p.bytes));
            std::fflush(stdout);
            ::kill(::getpid(), SIGKILL);
        }
    });
    std::fprintf(stderr, "the upload ended before %lu acknowledgements: %s\n", kill_after,
                 uploaded ? "complete" : uploaded.error().message().c_str());
    return 3;
}
