// SPDX-License-Identifier: Apache-2.0
// 03: upgrade a device to a new MCUboot image: upload, test, reset, wait for the device,
//     check the new image runs, confirm. Each step is printed as it happens.
//     example_03_upgrade IMAGE [HOST [PORT]]
#include <smp/client/blocking_client.hpp>
#include <smp/mcuboot/image_file.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: example_03_upgrade IMAGE [HOST [PORT]]\n";
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

    smp::UpgradeOptions options;
    options.confirm_directly = false;  // test first: MCUboot reverts if the image never confirms
    auto upgraded = client.upgrade(
        image->bytes, options,
        [](const smp::UpgradeEvent& e) {
            std::cerr << "[" << smp::to_string(e.step) << "] " << e.message << "\n";
        },
        [](const smp::UploadProgress& p) {
            std::cerr << "\r" << p.bytes << " / " << p.total << " bytes" << std::flush;
            if (p.bytes == p.total)
                std::cerr << "\n";
        });
    if (!upgraded) {
        std::cerr << upgraded.error().message() << "\n";
        return 1;
    }
    std::cout << "running and confirmed: " << upgraded->version << "\n";
}
