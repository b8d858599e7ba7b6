// SPDX-License-Identifier: Apache-2.0
// SMP over a tty (see smp/transport/serial.hpp).
#include <smp/transport/serial.hpp>

#include <asio/serial_port.hpp>

#ifdef _WIN32
#include <windows.h>  // ERROR_ACCESS_DENIED
#else
#include <sys/file.h>
#endif

#include <cerrno>
#include <system_error>

#include "transport/com_port_name.hpp"
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
        open_exclusively();
        stream_.set_option(base::baud_rate(options_.baud_rate));
        stream_.set_option(base::character_size(8));
        stream_.set_option(base::parity(base::parity::none));
        stream_.set_option(base::stop_bits(base::stop_bits::one));
        stream_.set_option(base::flow_control(flow(options_.flow_control)));
        co_return;
    }

  private:
    // Two programs on one serial line interleave their frames and steal each other's
    // answers, so the line is taken exclusively and one another process holds is refused.
#ifdef _WIN32
    // Windows opens a COM port exclusively by itself: a second open fails with
    // ERROR_ACCESS_DENIED (ERROR_SHARING_VIOLATION, the file system's word for it, is taken
    // the same); there is nothing like flock to add. (Wine does not enforce this.) COM10 and
    // up open only as \\.\COM10, which works for every COM port.
    void open_exclusively() {
        asio::error_code ec;
        stream_.open(detail::win32_device_path(options_.device), ec);
        const bool held =
            ec.value() == ERROR_ACCESS_DENIED || ec.value() == ERROR_SHARING_VIOLATION;
        if (held && ec.category() == asio::system_category())
            throw_busy();
        if (ec)
            throw asio::system_error(ec, "opening " + options_.device);
    }
#else
    // Take an exclusive flock(2) on the tty, the convention of pyserial's exclusive=True and
    // of picocom. (TIOCEXCL alone would not do: it does not stop root, which CAP_SYS_ADMIN
    // exempts.)
    void open_exclusively() {
        stream_.open(options_.device);
        if (::flock(stream_.native_handle(), LOCK_EX | LOCK_NB) == 0)
            return;
        const int err = errno;
        asio::error_code ignored;
        stream_.close(ignored);
        if (err == EWOULDBLOCK)
            throw_busy();
        throw std::system_error(std::error_code(err, std::generic_category()),
                                "locking " + options_.device);
    }
#endif

    [[noreturn]] void throw_busy() const {
        throw std::system_error(std::error_code(EBUSY, std::generic_category()),
                                options_.device + " is busy: another process holds it");
    }

    SerialOptions options_;
};

}  // namespace

std::unique_ptr<Transport> make_serial_transport(asio::any_io_executor executor,
                                                 SerialOptions options) {
    return std::make_unique<TtyTransport>(executor, std::move(options));
}

}  // namespace smp
