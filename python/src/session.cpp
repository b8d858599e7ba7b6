// SPDX-License-Identifier: Apache-2.0
// smpcore._core.Session (see session.hpp).
#include "session.hpp"

#include "error_info.hpp"
#include "py_value.hpp"

#include <smp/client/connection_uri.hpp>
#include <smp/client/device_info.hpp>
#include <smp/protocol/cbor.hpp>
#include <smp/protocol/error_kind.hpp>

#include <asio/bind_cancellation_slot.hpp>
#include <asio/co_spawn.hpp>
#include <asio/post.hpp>
#include <asio/use_awaitable.hpp>

#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>

#include <chrono>
#include <exception>
#include <stdexcept>

namespace smp::python {

namespace {

std::chrono::milliseconds millis(double seconds) {
    return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000));
}

Bytes copy_bytes(const nb::bytes& data) {
    const auto* begin = static_cast<const std::uint8_t*>(data.data());
    return Bytes(begin, begin + data.size());
}

// Calls done(value, error) with the GIL; an exception in it is reported, not thrown into
// the I/O thread.
void call_done(const SharedObject& done, nb::handle value, nb::handle error) {
    try {
        done.get()(value, error);
    } catch (nb::python_error& e) {
        e.discard_as_unraisable("smpcore: operation completion");
    }
}

template <class T, class Convert>
void report(const SharedObject& done, Result<T>& result, Convert& convert) {
    nb::gil_scoped_acquire gil;
    if (result)
        call_done(done, convert(*result), nb::none());
    else
        call_done(done, nb::none(), nb::cast(error_info(result.error())));
}

void report_exception(const SharedObject& done, std::exception_ptr e) {
    ErrorInfo info{.kind = "error", .message = "unexpected C++ exception", .code = "exception"};
    try {
        std::rethrow_exception(e);
    } catch (const std::exception& what) {
        info.message = what.what();
    } catch (...) {
    }
    nb::gil_scoped_acquire gil;
    call_done(done, nb::none(), nb::cast(info));
}

// A Python callable as a library callback taking `const Event&`: `call(fn, event)` passes
// the event's fields, with the GIL; an exception in it is reported, not thrown into the I/O
// thread (the Python layer's guard has already cancelled the operation then).
template <class Event, class Call>
std::function<void(const Event&)> python_callback(nb::object fn, const char* where, Call call) {
    if (fn.is_none())
        return {};
    return [shared = SharedObject(std::move(fn)), where, call](const Event& event) {
        nb::gil_scoped_acquire gil;
        try {
            call(shared.get(), event);
        } catch (nb::python_error& e) {
            e.discard_as_unraisable(where);
        }
    };
}

// Python's logging levels (logging.DEBUG, INFO, WARNING).
int python_level(LogLevel level) {
    switch (level) {
        case LogLevel::debug:
            return 10;
        case LogLevel::info:
            return 20;
        case LogLevel::warning:
            return 30;
    }
    return 30;
}

// log(level, line), with the GIL, for levels from `lowest` up; an exception in it is
// reported, not thrown into the client.
LogSink log_sink(nb::object log, std::shared_ptr<const std::atomic<int>> lowest) {
    if (log.is_none())
        return {};
    return [shared = SharedObject(std::move(log)), lowest](LogLevel level, std::string_view line) {
        if (python_level(level) < lowest->load())
            return;
        nb::gil_scoped_acquire gil;
        try {
            shared.get()(python_level(level), std::string(line));
        } catch (nb::python_error& e) {
            e.discard_as_unraisable("smpcore: log");
        }
    };
}

// progress(bytes, total, bytes_per_second)
ProgressCallback progress_callback(nb::object progress) {
    return python_callback<UploadProgress>(
        std::move(progress), "smpcore: progress callback",
        [](nb::handle fn, const auto& p) { fn(p.bytes, p.total, p.bytes_per_second); });
}

// on_step(step, message)
UpgradeCallback step_callback(nb::object on_step) {
    return python_callback<UpgradeEvent>(
        std::move(on_step), "smpcore: upgrade step callback",
        [](nb::handle fn, const auto& e) { fn(std::string(to_string(e.step)), e.message); });
}

nb::dict upload_dict(const UploadResult& result) {
    nb::dict d;
    d["match"] = result.match ? nb::cast(*result.match) : nb::none();
    d["sends"] = result.counters.sends;
    d["resends"] = result.counters.resends;
    d["timeouts"] = result.counters.timeouts;
    d["restarts"] = result.counters.restarts;
    d["probes"] = result.counters.probes;
    d["window"] = result.window;
    return d;
}

nb::dict upgrade_dict(const UpgradeResult& result) {
    nb::dict d;
    d["version"] = result.version;
    d["hash"] = nb::bytes(reinterpret_cast<const char*>(result.hash.data()), result.hash.size());
    d["confirmed"] = result.confirmed;
    d["upload"] = upload_dict(result.upload);
    d["upload_reconnects"] = result.upload_reconnects;
    d["through_recovery"] = result.through_recovery;
    d["path"] = std::string(smp::to_string(result.path));
    d["verified"] = result.verified;
    return d;
}

nb::dict params_dict(const DeviceParams& params) {
    nb::dict d;
    d["from_device"] = params.from_device;
    d["buf_size"] = params.buf_size;
    d["buf_count"] = params.buf_count;
    d["message_budget"] = params.message_budget;
    d["window"] = params.window;
    return d;
}

nb::object optional_bytes(const std::optional<Bytes>& data) {
    if (!data)
        return nb::none();
    return nb::bytes(reinterpret_cast<const char*>(data->data()), data->size());
}

// One slot as the device's image list names it (smpcore.messages.ImageSlot's keys).
nb::dict slot_dict(const image::ImageSlotState& slot) {
    nb::dict d;
    d["image"] = slot.image.value_or(0);
    d["slot"] = slot.slot;
    d["version"] = slot.version;
    d["hash"] = optional_bytes(slot.hash);
    d["bootable"] = slot.bootable;
    d["pending"] = slot.pending;
    d["confirmed"] = slot.confirmed;
    d["active"] = slot.active;
    d["permanent"] = slot.permanent;
    return d;
}

nb::dict device_info_dict(const DeviceInfo& info) {
    nb::dict d;
    d["kind"] = std::string(to_string(info.kind));
    nb::list slots;
    for (const auto& slot : info.slots)
        slots.append(slot_dict(slot));
    d["slots"] = slots;
    d["bootloader"] = nb::cast(info.bootloader);
    d["mcuboot_mode"] = nb::cast(info.mcuboot_mode);
    d["mcuboot_mode_name"] = info.mcuboot_mode
                                 ? nb::cast(std::string(mcuboot_mode_name(*info.mcuboot_mode)))
                                 : nb::none();
    d["no_downgrade"] = nb::cast(info.no_downgrade);
    d["found_buffer_size"] = nb::cast(info.found_buffer_size);
    return d;
}

// The response map, or the device's error in it as an Error.
Result<cbor::Value> decoded_answer(const RawResponse& answer) {
    auto device_error = find_device_error(answer.payload);
    if (!device_error)
        return std::move(device_error).error();
    if (*device_error)
        return Error(make_error_code(**device_error), "", **device_error);
    return cbor::decode(answer.payload);
}

// The transport factory for `uri`, or the exception Python turns into smpcore's: a bad URI
// is std::invalid_argument (ValueError -> UriError), anything else std::runtime_error
// (RuntimeError -> TransportError), both with the library's detail as the message.
BlockingClient::TransportFactory transport_factory_for(const std::string& text) {
    auto uri = parse_connection_uri(text);
    if (!uri)
        throw std::invalid_argument(uri.error().detail);
    auto factory = make_transport_factory(*uri);
    if (factory)
        return std::move(*factory);
    if (error_kind(factory.error()) == ErrorKind::invalid_argument)
        throw std::invalid_argument(factory.error().detail);
    throw std::runtime_error(factory.error().detail);
}

}  // namespace

Operation::Operation(std::weak_ptr<asio::io_context> io,
                     std::shared_ptr<asio::cancellation_signal> signal)
    : io_(std::move(io)), signal_(std::move(signal)) {}

void Operation::cancel() {
    // The signal belongs to the I/O thread; a closed session has nothing left to cancel.
    if (auto io = io_.lock())
        asio::post(*io, [signal = signal_] { signal->emit(asio::cancellation_type::all); });
}

Session::Session(const std::string& uri, double timeout_s, unsigned retries, nb::object log)
    : uri_(uri), io_(std::make_shared<asio::io_context>(1)), work_(asio::make_work_guard(*io_)) {
    auto factory = transport_factory_for(uri);
    ClientOptions options;
    options.timeout = millis(timeout_s);
    options.retries = retries;
    options.log = log_sink(std::move(log), log_level_);
    client_ = std::make_unique<Client>(io_->get_executor(), factory(io_->get_executor()),
                                       std::move(options));
    thread_ = std::thread([io = io_] { io->run(); });
}

Session::~Session() {
    if (thread_.joinable()) {
        nb::gil_scoped_release release;  // completions still to come take the GIL
        close();
    }
    client_.reset();
}

void Session::close() {
    if (!thread_.joinable())
        return;
    // Cancel what runs (an upgrade would otherwise reconnect), close, and let every
    // operation report its end before the thread stops.
    asio::post(*io_, [this] {
        for (auto& weak : running_)
            if (auto signal = weak.lock())
                signal->emit(asio::cancellation_type::all);
        client_->close();
    });
    work_.reset();
    thread_.join();
}

template <class Start, class Convert>
std::shared_ptr<Operation> Session::start(Start start, Convert convert, nb::object done) {
    if (!thread_.joinable())
        throw std::runtime_error("the session is closed");
    auto signal = std::make_shared<asio::cancellation_signal>();
    asio::post(*io_, [this, weak = std::weak_ptr(signal)] {
        std::erase_if(running_, [](const auto& w) { return w.expired(); });
        running_.push_back(weak);
    });
    SharedObject callback(std::move(done));
    auto run = [start = std::move(start), convert = std::move(convert),
                callback]() mutable -> asio::awaitable<void> {
        auto result = co_await start();
        report(callback, result, convert);
    };
    asio::co_spawn(
        *io_, std::move(run),
        asio::bind_cancellation_slot(signal->slot(), [callback, signal](std::exception_ptr e) {
            if (e)
                report_exception(callback, e);
        }));
    return std::make_shared<Operation>(io_, signal);
}

std::shared_ptr<Operation> Session::connect(nb::object done) {
    return start([this] { return client_->connect(); },
                 [this](Unit) -> nb::object { return params_dict(client_->params()); },
                 std::move(done));
}

std::shared_ptr<Operation> Session::request(std::uint16_t group, std::uint8_t command, bool write,
                                            nb::handle payload, std::optional<double> timeout_s,
                                            nb::object done) {
    RawRequest raw{group, command, write ? Op::write : Op::read,
                   cbor::encode(payload.is_none() ? cbor::Value::object() : to_value(payload))};
    if (timeout_s)
        raw.timeout = millis(*timeout_s);
    return start(
        [this, raw]() -> asio::awaitable<Result<cbor::Value>> {
            auto answer = co_await client_->request_raw(raw);
            if (!answer)
                co_return std::move(answer).error();
            co_return decoded_answer(*answer);
        },
        [](const cbor::Value& value) { return to_python(value); }, std::move(done));
}

std::shared_ptr<Operation> Session::upload_image(nb::bytes image, std::optional<std::uint32_t> slot,
                                                 std::optional<bool> upgrade,
                                                 std::optional<std::size_t> window,
                                                 nb::object progress, nb::object done) {
    UploadOptions options;
    options.image = slot;
    options.upgrade = upgrade;
    options.window = window;
    return start(
        [this, data = std::make_shared<Bytes>(copy_bytes(image)), options,
         report = progress_callback(std::move(progress))] {
            return client_->upload_image(*data, options, report);
        },
        [](const UploadResult& result) -> nb::object { return upload_dict(result); },
        std::move(done));
}

std::shared_ptr<Operation> Session::upgrade(nb::bytes image, const UpgradeSettings& settings,
                                            nb::object on_step, nb::object progress,
                                            nb::object done) {
    UpgradeOptions options;
    options.confirm_directly = settings.confirm_directly;
    options.confirm_after_verify = settings.confirm_after_verify;
    options.via_bootloader = settings.via_bootloader;
    options.reconnect_timeout = millis(settings.reconnect_timeout_s);
    return start(
        [this, data = std::make_shared<Bytes>(copy_bytes(image)), options,
         step = step_callback(std::move(on_step)),
         report = progress_callback(std::move(progress))] {
            return smp::upgrade(*client_, *data, options, step, report);
        },
        [](const UpgradeResult& result) -> nb::object { return upgrade_dict(result); },
        std::move(done));
}

std::shared_ptr<Operation> Session::identify(nb::object done) {
    return start([this] { return smp::identify(*client_); },
                 [](const DeviceInfo& info) -> nb::object { return device_info_dict(info); },
                 std::move(done));
}

std::shared_ptr<Operation> Session::upload_file(const std::string& name, nb::bytes data,
                                                nb::object progress, nb::object done) {
    return start(
        [this, name, bytes = std::make_shared<Bytes>(copy_bytes(data)),
         report = progress_callback(std::move(progress))] {
            return client_->upload_file(name, *bytes, {}, report);
        },
        [](Unit) { return nb::none(); }, std::move(done));
}

std::shared_ptr<Operation> Session::download_file(const std::string& name, nb::object progress,
                                                  nb::object done) {
    return start(
        [this, name, report = progress_callback(std::move(progress))] {
            return client_->download_file(name, {}, report);
        },
        [](const Bytes& bytes) -> nb::object {
            return nb::bytes(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        },
        std::move(done));
}

}  // namespace smp::python
