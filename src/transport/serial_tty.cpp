// SMP over a tty (see smp/transport/serial.hpp).
#include <smp/transport/serial.hpp>

#include <asio/serial_port.hpp>

#include <sys/file.h>

#include <cerrno>
#include <system_error>

#include "transport/serial_stream_transport.hpp"

namespace smp {
namespace {

asio::serial_port_base::flow_control::type flow(FlowControl f) {
    using T = asio::serial_port_base::flow_control;
    switch (f) {
        case FlowControl::hardware:
            return T::hardware;
        case FlowControl::software:
            return T::software;
        case FlowControl::none:
            break;
    }
    return T::none;
}

class TtyTransport final : public detail::SerialStreamTransport<asio::serial_port> {
  public:
    TtyTransport(const asio::any_io_executor& executor, SerialOptions options)
        : SerialStreamTransport(executor, std::move(options.link)), options_(std::move(options)) {}

    std::string address() const override { return "serial://" + options_.device; }

  protected:
    asio::awaitable<void> open_stream() override {
        // asio puts the tty in raw mode on open; the rest is 8N1 at the chosen rate.
        using base = asio::serial_port_base;
        stream_.open(options_.device);
        claim_line();
        stream_.set_option(base::baud_rate(options_.baud_rate));
        stream_.set_option(base::character_size(8));
        stream_.set_option(base::parity(base::parity::none));
        stream_.set_option(base::stop_bits(base::stop_bits::one));
        stream_.set_option(base::flow_control(flow(options_.flow_control)));
        co_return;
    }

  private:
    // Two programs on one serial line interleave their frames and steal each other's
    // answers. Take an exclusive flock(2) on the tty, the convention of pyserial's
    // exclusive=True and of picocom, and refuse a line another process has claimed.
    // (TIOCEXCL alone would not do: it does not stop root, which CAP_SYS_ADMIN exempts.)
    void claim_line() {
        if (::flock(stream_.native_handle(), LOCK_EX | LOCK_NB) == 0)
            return;
        const int err = errno;
        asio::error_code ignored;
        stream_.close(ignored);
        if (err == EWOULDBLOCK)
            throw std::system_error(std::error_code(EBUSY, std::generic_category()),
                                    options_.device + " is busy: another process holds it");
        throw std::system_error(std::error_code(err, std::generic_category()),
                                "locking " + options_.device);
    }

    SerialOptions options_;
};

}  // namespace

std::unique_ptr<Transport> make_serial_transport(asio::any_io_executor executor,
                                                 SerialOptions options) {
    return std::make_unique<TtyTransport>(executor, std::move(options));
}

}  // namespace smp
