// SPDX-License-Identifier: Apache-2.0
// smpsim --dtls endpoints on mbedTLS (see dtls_options.hpp).
#include "dtls_endpoint.hpp"
#include "dtls_options.hpp"
#include "host_port.hpp"

namespace smpsim {

std::shared_ptr<void> start_dtls(asio::io_context& io, Runner& runner, const DtlsCli& cli,
                                 const std::function<void(const std::string&)>& ready) {
    auto endpoints = std::make_shared<std::vector<std::unique_ptr<DtlsEndpoint>>>();
    for (const auto& spec : cli.endpoints) {
        const auto hp = parse_host_port(spec, 1337);
        const asio::ip::udp::endpoint ep(asio::ip::make_address(hp.host), hp.port);
        endpoints->push_back(std::make_unique<DtlsEndpoint>(io, runner, ep, cli.server));
        endpoints->back()->start();
        ready(R"({"transport":"dtls","address":")" + endpoints->back()->address() + "\"}");
    }
    return endpoints;
}

}  // namespace smpsim
