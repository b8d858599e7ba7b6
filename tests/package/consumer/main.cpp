// SPDX-License-Identifier: Apache-2.0
// Echo through an installed smpclient: consumer HOST PORT -> prints the device's answer.
#include <smp/client/blocking_client.hpp>
#include <smp/protocol/messages/os.hpp>

#include <cstdlib>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: consumer HOST PORT\n";
        return 2;
    }
    smp::BlockingClient client(
        smp::UdpOptions{.host = argv[1], .port = static_cast<std::uint16_t>(std::stoi(argv[2]))});
    if (auto connected = client.connect(); !connected) {
        std::cerr << connected.error().message() << "\n";
        return 1;
    }
    auto echo = client.request(smp::os::Echo{.d = "installed package works"});
    if (!echo) {
        std::cerr << echo.error().message() << "\n";
        return 1;
    }
    std::cout << echo->r << "\n";
    return 0;
}
