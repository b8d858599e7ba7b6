#include "runner.hpp"

#include <iostream>

namespace smpsim {

Runner::Runner(asio::io_context& io, smp::server::DeviceConfig config)
    : io_(io), device_(std::move(config)), busy_timer_(io), reset_timer_(io) {}

smp::server::Duration Runner::now() const {
    return std::chrono::duration_cast<smp::server::Duration>(std::chrono::steady_clock::now() -
                                                             started_);
}

void Runner::submit(smp::Bytes packet, std::size_t max_message, Reply reply) {
    const auto admission = device_.receive(std::move(packet), max_message);
    if (admission != smp::server::Admission::accepted) {
        std::cerr << "smpsim: packet dropped ("
                  << (admission == smp::server::Admission::dropped_too_large ? "too large"
                                                                             : "no free buffer")
                  << ")\n";
        return;
    }
    replies_.push_back(std::move(reply));
    pump();
}

void Runner::pump() {
    if (processing_ || !device_.has_pending())
        return;
    processing_ = true;
    Reply reply = std::move(replies_.front());
    replies_.pop_front();
    auto out = device_.process_next(now());
    busy_timer_.expires_after(out.busy);
    busy_timer_.async_wait([this, gen = generation_, reply = std::move(reply),
                            out = std::move(out)](const asio::error_code& ec) {
        if (ec || gen != generation_)
            return;
        for (auto& response : out.responses)
            reply(response);
        device_.finish();
        processing_ = false;
        if (out.reset) {
            reset_timer_.expires_after(out.reset_delay);
            reset_timer_.async_wait([this](const asio::error_code& e) {
                if (!e)
                    do_reset();
            });
        }
        asio::post(io_, [this] { pump(); });
    });
}

void Runner::do_reset() {
    std::cerr << "smpsim: reset\n";
    ++generation_;
    busy_timer_.cancel();
    replies_.clear();
    processing_ = false;
    device_.reset();
}

}  // namespace smpsim
