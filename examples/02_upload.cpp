// SPDX-License-Identifier: Apache-2.0
// 02: upload an MCUboot image with progress, then list the device's images.
//     example_02_upload IMAGE [HOST [PORT]]
#include <smp/client/blocking_client.hpp>
#include <smp/mcuboot/image_file.hpp>
#include <smp/protocol/messages/image.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: example_02_upload IMAGE [HOST [PORT]]\n";
        return 2;
    }
    auto image = smp::mcuboot::load_image_file(argv[1]);  // MCUboot binary or Intel HEX, checked
    if (!image) {
        std::cerr << argv[1] << ": " << image.error().message() << "\n";
        return 1;
    }
    const std::string host = argc > 2 ? argv[2] : "127.0.0.1";
    const auto port = static_cast<std::uint16_t>(argc > 3 ? std::stoi(argv[3]) : 1337);
    smp::BlockingClient client(smp::UdpOptions{.host = host, .port = port});
    if (auto connected = client.connect(); !connected) {
        std::cerr << "connect: " << connected.error().message() << "\n";
        return 1;
    }

    auto uploaded = client.upload_image(image->bytes, {}, [](const smp::UploadProgress& p) {
        std::cerr << "\r" << p.bytes << " / " << p.total << " bytes" << std::flush;
    });
    std::cerr << "\n";
    if (!uploaded) {
        std::cerr << "upload: " << uploaded.error().message() << "\n";
        return 1;
    }

    auto state = client.request(smp::image::StateRead{});
    if (!state) {
        std::cerr << "state: " << state.error().message() << "\n";
        return 1;
    }
    for (const auto& slot : state->images) {
        std::cout << "slot " << slot.slot << "  " << slot.version << (slot.active ? "  active" : "")
                  << (slot.pending ? "  pending" : "") << "\n";
    }
}
