// SPDX-License-Identifier: Apache-2.0
// smp::Client: requests, the receive loop, connect (see smp/client/client.hpp).
#include <smp/client/client.hpp>
#include <smp/protocol/error_kind.hpp>

#include <smp/protocol/messages/os.hpp>

#include "client/client_impl.hpp"

namespace smp {
namespace {

Error client_error(Errc code, std::string detail) {
    return Error{make_error_code(code), std::move(detail)};
}

bool cancelled_by_caller(const asio::cancellation_state& state) {
    return state.cancelled() != asio::cancellation_type::none;
}

}  // namespace

// ---- Impl ----

void Client::Impl::log(LogLevel level, std::string_view line) const {
    options.log(level, line);  // no sink: the library stays silent
}

std::string Client::Impl::describe(std::uint16_t group, std::uint8_t command) const {
    return std::string(group_name(group)) + "(" + std::to_string(group) + ") command " +
           std::to_string(command) + " to " + transport->address();
}

void Client::Impl::shut() {
    open = false;
    identity.forget();  // the next connection may reach another device, or a rebooted one
    transport->close();
    for (auto& [seq, waiter] : waiters)
        waiter->timer.cancel();
}

void Client::Impl::lose_link(std::string why) {
    if (lost.empty())
        lost = std::move(why);
    shut();
}

Error Client::Impl::closed_error(std::string_view doing, std::uint16_t group,
                                 std::uint8_t command) const {
    if (!lost.empty())
        return client_error(Errc::not_connected, "link lost: " + lost + " (" + std::string(doing) +
                                                     " " + describe(group, command) + ")");
    return client_error(Errc::not_connected,
                        std::string(doing) + " " + describe(group, command) + ": not connected");
}

// A transport that says its link is gone (is_link_lost: a BLE disconnect; or any failure
// after the client closed) cannot carry the next request either. Reporting that as a lost
// packet would make an upload retry into a dead link until its budget runs out, so the
// client closes at once and every pending request ends with the link-lost error.
Error Client::Impl::send_failed(std::uint16_t group, std::uint8_t command, const Error& failure) {
    const bool link_gone = !open || is_link_lost(failure);
    if (!link_gone)
        return client_error(
            Errc::transport_error,
            std::string("sending ") + describe(group, command) + ": " + failure.detail);
    if (open)
        lose_link(failure.detail);
    return closed_error("sending", group, command);
}

void Client::Impl::deliver(ByteView bytes) {
    auto message = decode_message(bytes);
    if (!message) {
        ++counters.undecodable;
        return;
    }
    auto match = table.match(message->header);
    if (match.disposition != smp::Disposition::matched) {
        log(LogLevel::debug, "dropped an answer with sequence " +
                                 std::to_string(message->header.sequence) +
                                 " that matches no outstanding request");
        return;
    }
    if (auto it = waiters.find(match.request->sequence); it != waiters.end()) {
        it->second->response = std::move(*message);
        it->second->timer.cancel();
    }
}

asio::awaitable<void> Client::Impl::receive_loop(std::uint64_t loop_generation) {
    auto self = shared_from_this();  // the loop keeps the state alive
    while (open && loop_generation == generation) {
        auto bytes = co_await transport->receive();
        if (loop_generation != generation)
            co_return;
        if (bytes) {
            deliver(*bytes);
            continue;
        }
        // Closed on purpose, the failure is the aborted receive close() left queued: it may
        // run while connect() reopens (waiting for its resolver), so it must not close again.
        if (open) {
            log(LogLevel::info, "receive failed, closing: " + bytes.error().detail);
            lose_link(bytes.error().detail);
        }
    }
}

asio::awaitable<Result<Message>> Client::Impl::exchange(std::uint16_t group, std::uint8_t command,
                                                        Op op, ByteView payload,
                                                        std::chrono::milliseconds timeout) {
    auto self = shared_from_this();
    co_await asio::this_coro::throw_if_cancelled(false);  // cancellation is a value
    if (!open)
        co_return closed_error("sending", group, command);
    // The transport's limit, and the budget connect() settled on when that is smaller (the
    // fallback for a device without MCUmgr parameters).
    const std::size_t limit = params.message_budget > 0
                                  ? std::min(params.message_budget, transport->max_message_size())
                                  : transport->max_message_size();
    if (header_size + payload.size() > limit) {
        co_return client_error(Errc::message_too_large,
                               std::to_string(header_size + payload.size()) +
                                   "-byte message exceeds the limit of " + std::to_string(limit) +
                                   " bytes of " + transport->address());
    }
    const auto deadline = smp::Clock::now() + timeout;
    if (op == Op::write)
        identity.written();  // an upload or a state write may change the image list
    auto sequence = table.add(group, command, op, deadline);
    if (!sequence)
        co_return client_error(Errc::invalid_argument, "no free sequence number");
    Bytes bytes = encode_message(Header{op, version, 0, 0, group, *sequence, command}, payload);
    Waiter waiter(executor);
    waiter.timer.expires_at(deadline);
    waiters[*sequence] = &waiter;
    if (auto sent = co_await transport->send(bytes); !sent) {
        waiters.erase(*sequence);
        table.retire(*sequence);
        co_return send_failed(group, command, sent.error());
    }
    co_await waiter.timer.async_wait(detail::use_nothrow_awaitable);
    waiters.erase(*sequence);
    if (waiter.response)
        co_return std::move(*waiter.response);
    table.retire(*sequence);  // a late answer now counts as stale
    if (cancelled_by_caller(co_await asio::this_coro::cancellation_state))
        co_return client_error(Errc::cancelled, "cancelled: " + describe(group, command));
    if (!open)
        co_return closed_error("waiting for the answer to", group, command);
    ++counters.timeouts;
    co_return client_error(Errc::timeout, "no answer within " + std::to_string(timeout.count()) +
                                              " ms: " + describe(group, command) + " (sequence " +
                                              std::to_string(*sequence) + ")");
}

// ---- Client ----

Client::Client(asio::any_io_executor executor, std::unique_ptr<Transport> transport,
               ClientOptions options)
    : impl_(std::make_shared<Impl>(std::move(executor), std::move(transport), std::move(options))) {
}

Client::~Client() {
    close();
}

void Client::close() {
    if (impl_) {
        impl_->lost.clear();  // closed on purpose: later requests are just "not connected"
        impl_->shut();
    }
}

void Client::assume_buffer_size(std::size_t buf_size, std::size_t buf_count) {
    DeviceParams& p = impl_->params;
    impl_->transport->set_device_buffer_size(buf_size);
    p.buf_size = buf_size;
    p.buf_count = buf_count;
    p.message_budget = impl_->transport->max_message_size();
    p.window = buf_count > 1 ? buf_count - 1 : 1;
}

const DeviceParams& Client::params() const noexcept {
    return impl_->params;
}
Version Client::version() const noexcept {
    return impl_->version;
}
std::string Client::address() const {
    return impl_->transport->address();
}
asio::any_io_executor Client::get_executor() const {
    return impl_->executor;
}

ClientCounters Client::counters() const {
    ClientCounters c = impl_->counters;
    c.dropped = impl_->table.drops();
    return c;
}

asio::awaitable<Status> Client::connect() {
    auto impl = impl_;
    if (!impl->open) {
        if (auto opened = co_await impl->transport->open(); !opened) {
            std::string detail = "opening ";
            detail += impl->transport->address();
            detail += ": ";
            detail += opened.error().detail;
            co_return client_error(Errc::transport_error, std::move(detail));
        }
        impl->open = true;
        impl->lost.clear();
        for (const auto& warning : impl->transport->warnings())
            impl->log(LogLevel::warning, warning);
        asio::co_spawn(impl->executor, impl->receive_loop(++impl->generation), asio::detached);
    }
    const os::McumgrParams query;  // a named local: see the g++ 12 note in client.hpp
    auto answer = co_await request(query);
    DeviceParams& p = impl->params;
    if (answer) {
        p.from_device = true;
        p.buf_size = answer->buf_size;
        p.buf_count = answer->buf_count;
        impl->transport->set_device_buffer_size(p.buf_size);
        p.message_budget = impl->transport->max_message_size();
        p.window = p.buf_count > 1 ? p.buf_count - 1 : 1;
        co_return Unit{};
    }
    if (!answer.error().device)
        co_return std::move(answer).error();  // nothing answered: no device there
    p = DeviceParams{};
    // A size the caller named (serial BufferSize, e.g. for MCUboot serial recovery) is kept:
    // the fallback is for devices whose size nobody knows.
    const bool named = impl->transport->message_size_is_explicit();
    p.size_named = named;
    p.message_budget = named ? impl->transport->max_message_size()
                             : std::min(impl->options.fallback_message_budget,
                                        impl->transport->max_message_size());
    impl->log(LogLevel::info, "device " + impl->transport->address() +
                                  " has no MCUmgr parameters command (" + answer.error().message() +
                                  "); using " + (named ? "the named " : "a ") +
                                  "message budget of " + std::to_string(p.message_budget) +
                                  " bytes and a window of 1");
    co_return Unit{};
}

asio::awaitable<Result<RawResponse>> Client::request_raw(RawRequest request) {
    auto impl = impl_;
    co_await asio::this_coro::throw_if_cancelled(false);  // cancellation is a value
    const bool idempotent = request.idempotent.value_or(request.op == Op::read);
    const auto timeout = request.timeout.value_or(impl->options.timeout);
    const unsigned attempts = 1 + (idempotent ? impl->options.retries : 0);
    bool version_retried = false;
    auto backoff = impl->options.backoff;
    for (unsigned attempt = 1;; ++attempt) {
        const Version sent = impl->version;
        auto answer = co_await impl->exchange(request.group, request.command, request.op,
                                              request.payload, timeout);
        if (answer) {
            if (answer->header.version == Version::v1 && sent == Version::v2) {
                impl->version = Version::v1;
                impl->log(LogLevel::info, "device " + impl->transport->address() +
                                              " answers in SMP v1; using v1 from now on");
            }
            // A device that does not speak the version we sent says so with rc 12/13
            // (MGMT_ERR_UNSUPPORTED_TOO_OLD/NEW, smp.c): switch and send once more.
            auto device_error = find_device_error(answer->payload);
            if (device_error && *device_error && !(*device_error)->group && !version_retried) {
                const auto rc = (*device_error)->rc;
                const bool too_new = rc == static_cast<std::int64_t>(Rc::unsupported_too_new);
                const bool too_old = rc == static_cast<std::int64_t>(Rc::unsupported_too_old);
                if ((too_new && sent == Version::v2) || (too_old && sent == Version::v1)) {
                    impl->version = too_new ? Version::v1 : Version::v2;
                    impl->log(LogLevel::info, std::string("device refused SMP ") +
                                                  (too_new ? "v2" : "v1") + "; retrying in " +
                                                  (too_new ? "v1" : "v2"));
                    version_retried = true;
                    --attempt;
                    continue;
                }
            }
            // An answer that is not even a CBOR map was damaged on the way (a noisy link):
            // for a request that is safe to repeat, that is a loss like a timeout.
            if (!device_error && idempotent && attempt < attempts) {
                impl->log(LogLevel::debug, "undecodable answer from " + impl->transport->address() +
                                               " (" + device_error.error().message() +
                                               "); asking again");
                ++impl->counters.undecodable;
                ++impl->counters.retries;
                continue;
            }
            co_return RawResponse{answer->header, std::move(answer->payload)};
        }
        if (!is_transient(answer.error()) || attempt >= attempts)
            co_return std::move(answer).error();
        ++impl->counters.retries;
        asio::steady_timer pause(impl->executor, backoff);
        auto [ec] = co_await pause.async_wait(detail::use_nothrow_awaitable);
        if (ec)
            co_return client_error(Errc::cancelled, "cancelled while waiting to retry");
        backoff *= 2;
    }
}

}  // namespace smp
