// SPDX-License-Identifier: Apache-2.0
// 01: echo a string through a device over UDP, with the blocking client.
//     example_01_echo [HOST [PORT]]      (try it against: smpsim --udp 127.0.0.1:1337)
#include <smp/client/blocking_client.hpp>
#include <smp/protocol/messages/os.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv) {
    const std::string host = argc > 1 ? argv[1] : "127.0.0.1";
    const auto port = static_cast<std::uint16_t>(argc > 2 ? std::stoi(argv[2]) : 1337);

    smp::BlockingClient client(smp::UdpOptions{.host = host, .port = port});
    if (auto connected = client.connect(); !connected) {
        std::cerr << "connect: " << connected.error().message() << "\n";
        return 1;
    }
    auto echo = client.request(smp::os::Echo{.d = "hello"});
    if (!echo) {  // a device error (with its group, rc and reason) or a transport failure
        std::cerr << "echo: " << echo.error().message() << "\n";
        return 1;
    }
    std::cout << echo->r << "\n";
}
