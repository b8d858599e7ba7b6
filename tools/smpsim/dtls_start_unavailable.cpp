// SPDX-License-Identifier: Apache-2.0
// smpsim built without mbedTLS: --dtls says so (see dtls_options.hpp).
#include "dtls_options.hpp"

#include <stdexcept>

namespace smpsim {

std::shared_ptr<void> start_dtls(asio::io_context&, Runner&, const DtlsCli& cli,
                                 const std::function<void(const std::string&)>&) {
    if (cli.endpoints.empty())
        return nullptr;
    throw std::runtime_error(
        "--dtls: this smpsim was built without mbedTLS (install libmbedtls-dev and rebuild)");
}

}  // namespace smpsim
