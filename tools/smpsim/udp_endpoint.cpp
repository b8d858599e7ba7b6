// SPDX-License-Identifier: Apache-2.0
#include "udp_endpoint.hpp"

#include "host_port.hpp"

#include <iostream>
#include <memory>

namespace smpsim {

UdpEndpoint::UdpEndpoint(asio::io_context& io, Runner& runner, const asio::ip::udp::endpoint& bind)
    : runner_(runner), socket_(io), buffer_(runner.device().config().udp_mtu) {
    bind_udp(socket_, bind);
}

std::string UdpEndpoint::address() const {
    return endpoint_text(socket_.local_endpoint());
}

void UdpEndpoint::start() {
    receive();
}

void UdpEndpoint::receive() {
    socket_.async_receive_from(
        asio::buffer(buffer_), sender_, [this](const asio::error_code& ec, std::size_t n) {
            if (ec == asio::error::operation_aborted)
                return;
            if (!ec) {
                auto to = sender_;
                smp::Bytes packet(buffer_.begin(),
                                  buffer_.begin() + static_cast<std::ptrdiff_t>(n));
                runner_.submit(std::move(packet), runner_.device().buf_size(),
                               [this, to](smp::Bytes response) {
                                   auto data = std::make_shared<smp::Bytes>(std::move(response));
                                   socket_.async_send_to(
                                       asio::buffer(*data), to,
                                       [data](const asio::error_code&, std::size_t) {});
                               });
            }
            receive();
        });
}

}  // namespace smpsim
