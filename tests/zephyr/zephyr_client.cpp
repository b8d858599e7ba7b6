// SPDX-License-Identifier: Apache-2.0
#include "zephyr_client.hpp"

#include <smp/protocol/messages/os.hpp>
#include <smp/transport/udp.hpp>

#include <stdexcept>
#include <thread>

namespace smp_zephyr {

smp::SerialFraming framing_of(const FixtureSpec& spec) {
    return spec.transport == "serial_raw" ? smp::SerialFraming::raw : smp::SerialFraming::encoded;
}

std::optional<unsigned> paced_rate_for(const FixtureSpec& spec) {
    // The serial_line512 build queues two 512-byte lines: a burst of 128-byte lines
    // overflows it the same way.
    const bool two_line_pool =
        spec.line_length_max == std::size_t{128} || spec.config == "serial_line512";
    if (spec.target == "native_sim" && spec.transport != "udp" && two_line_pool)
        return 115200;
    return std::nullopt;
}

smp::BlockingClient::TransportFactory transport_for(const ZephyrServer& server,
                                                    const ClientSetup& setup) {
    return transport_to(server.endpoint(), server.spec(), setup);
}

smp::BlockingClient::TransportFactory transport_to(const Endpoint& endpoint,
                                                   const FixtureSpec& spec,
                                                   const ClientSetup& setup) {
    const smp::SerialLinkOptions link{
        .framing = framing_of(spec),
        .fragmentation = setup.strategy,
        .pace_baud_rate = setup.pace_baud_rate.value_or(paced_rate_for(spec))};
    const std::string tty = setup.tty.value_or(endpoint.address);
    return [endpoint, link, tty](asio::any_io_executor ex) -> std::unique_ptr<smp::Transport> {
        switch (endpoint.kind) {
            case Endpoint::Kind::udp:
                return smp::make_udp_transport(ex,
                                               {.host = endpoint.address, .port = endpoint.port});
            case Endpoint::Kind::tcp:
                return smp::make_tcp_serial_transport(
                    ex, {.host = endpoint.address, .port = endpoint.port, .link = link});
            case Endpoint::Kind::pty:
                break;
        }
        return smp::make_serial_transport(ex, {.device = tty, .link = link});
    };
}

std::unique_ptr<smp::BlockingClient> connect_when_answering(const ZephyrServer& server,
                                                            const ClientSetup& setup,
                                                            std::chrono::seconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    std::string last_error;
    // First a quick probe (short timeout, retried): a booting device drops what it gets before
    // its SMP transport is up. Then the test's client, with the test's options.
    auto attempt = [&](std::chrono::milliseconds timeout) -> std::unique_ptr<smp::BlockingClient> {
        smp::ClientOptions options;
        options.timeout = timeout;
        options.retries = 0;
        options.log = [log = setup.log](std::string_view line) { log->emplace_back(line); };
        auto client = std::make_unique<smp::BlockingClient>(transport_for(server, setup), options);
        if (auto connected = client->connect(); !connected) {
            last_error = "connect: " + connected.error().message();
        } else if (auto echo = client->request(smp::os::Echo{.d = "ready?"}); !echo) {
            // MCUboot serial recovery has no echo (MGMT_ERR_ENOTSUP): any answer is a device
            // that listens.
            if (echo.error().device)
                return client;
            last_error = "echo: " + echo.error().message();
        } else if (echo->r != "ready?") {
            last_error = "echo answered \"" + echo->r + "\"";
        } else {
            return client;
        }
        client->close();
        return nullptr;
    };
    while (std::chrono::steady_clock::now() < deadline) {
        if (attempt(std::chrono::milliseconds(400))) {
            setup.log->clear();  // only what the test's own requests cause
            smp::ClientOptions options;
            options.timeout = setup.timeout;
            options.log = [log = setup.log](std::string_view line) { log->emplace_back(line); };
            auto client =
                std::make_unique<smp::BlockingClient>(transport_for(server, setup), options);
            if (auto connected = client->connect(); connected)
                return client;
            else
                last_error = "connect after a good probe: " + connected.error().message();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    throw std::runtime_error("fixture " + server.spec().config + " did not answer within " +
                             std::to_string(limit.count()) + " s (last: " + last_error +
                             "); its output:\n" + server.output());
}

std::string smpctl_uri(const ZephyrServer& server, const std::string& strategy) {
    const auto& e = server.endpoint();
    const bool raw = framing_of(server.spec()) == smp::SerialFraming::raw;
    std::string query;
    auto add = [&](const std::string& item) { query += (query.empty() ? "?" : "&") + item; };
    if (const auto pace = paced_rate_for(server.spec()))
        add("pace=" + std::to_string(*pace));
    switch (e.kind) {
        case Endpoint::Kind::udp:
            return "udp://" +
                   (e.address.find(':') != std::string::npos ? "[" + e.address + "]" : e.address) +
                   ":" + std::to_string(e.port);
        case Endpoint::Kind::tcp:
            if (raw)
                add("raw=1");
            if (!strategy.empty())
                add("strategy=" + strategy);
            return "tcp://" + e.address + ":" + std::to_string(e.port) + query;
        case Endpoint::Kind::pty:
            break;
    }
    if (!strategy.empty())
        add("strategy=" + strategy);
    return std::string(raw ? "serial-raw://" : "serial://") + e.address + query;
}

}  // namespace smp_zephyr
