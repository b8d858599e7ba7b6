// The image upload routine: drives protocol::UploadMachine over the client's requests.
#include <smp/client/client.hpp>

#include <smp/image/sha256.hpp>
#include <smp/protocol/messages/image.hpp>

#include <asio/bind_cancellation_slot.hpp>
#include <asio/cancellation_signal.hpp>

#include <deque>

#include "client/client_impl.hpp"

namespace smp {
namespace {

namespace act = protocol::upload_action;

// What the driver waits for: answers and timeouts of chunk requests, in arrival order.
struct Driver {
    explicit Driver(const asio::any_io_executor& ex) : wake(ex) {}
    struct Event {
        protocol::RequestId id = 0;
        Result<Message> outcome;
    };
    std::deque<Event> events{};
    asio::steady_timer wake;
    std::map<protocol::RequestId, std::shared_ptr<asio::cancellation_signal>> running{};

    void push(protocol::RequestId id, Result<Message> outcome) {
        events.push_back(Event{id, std::move(outcome)});
        wake.cancel();
    }
    void cancel(protocol::RequestId id) {
        if (auto it = running.find(id); it != running.end()) {
            it->second->emit(asio::cancellation_type::terminal);
            running.erase(it);
        }
    }
    void cancel_all() {
        while (!running.empty())
            cancel(running.begin()->first);
    }
};

}  // namespace

asio::awaitable<Result<UploadResult>> Client::upload_image(ByteView image, UploadOptions options,
                                                           ProgressCallback progress) {
    auto impl = impl_;
    // Cancellation is reported as Errc::cancelled, not thrown by the next co_await.
    co_await asio::this_coro::throw_if_cancelled(false);
    if (!impl->open)
        co_return Error{make_error_code(Errc::not_connected), "upload to " + address()};
    protocol::UploadParams params;
    params.message_budget = impl->params.message_budget;
    params.window = options.window.value_or(impl->params.window);
    params.image = options.image;
    params.upgrade = options.upgrade;
    params.max_sends_per_chunk = options.max_sends_per_chunk;
    params.chunk_timeout = options.chunk_timeout;
    params.first_chunk_timeout = options.first_chunk_timeout;

    auto driver = std::make_shared<Driver>(impl->executor);
    protocol::UploadMachine machine;
    std::map<protocol::RequestId, Bytes> to_send;  // Send waits for its ArmTimer
    const auto started = std::chrono::steady_clock::now();
    std::optional<act::Done> done;
    std::optional<Error> link_lost;  // why the transport closed, for the final error

    auto perform = [&](const protocol::UploadActions& actions) {
        for (const auto& action : actions) {
            if (auto* send = std::get_if<act::Send>(&action)) {
                to_send[send->id] = send->payload;
            } else if (auto* arm = std::get_if<act::ArmTimer>(&action)) {
                auto signal = std::make_shared<asio::cancellation_signal>();
                driver->running[arm->id] = signal;
                Bytes payload = std::move(to_send[arm->id]);
                to_send.erase(arm->id);
                // co_spawn needs a default-constructible result, so the chunk's coroutine
                // reports its own outcome.
                asio::co_spawn(
                    impl->executor,
                    // `signal` is captured so it outlives the operation its slot is bound to.
                    [impl, driver, signal, id = arm->id, payload = std::move(payload),
                     timeout = arm->timeout]() -> asio::awaitable<void> {
                        auto outcome = co_await impl->exchange(to_underlying(image::Upload::group),
                                                               image::Upload::command,
                                                               image::Upload::op, payload, timeout);
                        driver->push(id, std::move(outcome));
                    },
                    asio::bind_cancellation_slot(signal->slot(), asio::detached));
            } else if (auto* cancel = std::get_if<act::CancelTimer>(&action)) {
                driver->cancel(cancel->id);
            } else if (auto* p = std::get_if<act::Progress>(&action)) {
                if (progress) {
                    const double seconds =
                        std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
                            .count();
                    progress(UploadProgress{
                        p->acked, p->total,
                        seconds > 0 ? static_cast<double>(p->acked) / seconds : 0.0});
                }
            } else if (auto* d = std::get_if<act::Done>(&action)) {
                done = *d;
            }
        }
    };

    const image::Sha256Digest sha = image::sha256(image);
    perform(machine.start(image, sha, params));
    if (machine.sha_omitted())
        impl->log("message budget too small for the sha: uploading without resume or match check");
    while (!done) {
        // Checked on every turn: a cancellation may arrive while no wait is pending (e.g.
        // from the progress callback).
        auto state = co_await asio::this_coro::cancellation_state;
        if (state.cancelled() != asio::cancellation_type::none) {
            perform(machine.cancel());
            break;
        }
        if (driver->events.empty()) {
            driver->wake.expires_at(asio::steady_timer::time_point::max());
            co_await driver->wake.async_wait(detail::use_nothrow_awaitable);
            continue;
        }
        Driver::Event event = std::move(driver->events.front());
        driver->events.pop_front();
        driver->running.erase(event.id);
        if (event.outcome) {
            perform(machine.on_response(
                event.id, decode_response<image::UploadResponse>(event.outcome->payload)));
            continue;
        }
        const auto code = event.outcome.error().code;
        if (code == make_error_code(Errc::cancelled))
            continue;  // abandoned by the machine
        if (code == make_error_code(Errc::not_connected)) {
            link_lost = std::move(event.outcome).error();
            perform(machine.on_closed());
        } else {
            perform(machine.on_timeout(event.id));  // timeout or a failed send: a loss
        }
    }
    driver->cancel_all();
    if (done->error) {
        Error error = *done->error;
        // A closed link says itself what went away (the device, the transport's reason).
        error.detail += " (" + (link_lost ? link_lost->detail : address()) + ")";
        co_return error;
    }
    co_return UploadResult{done->match, machine.counters()};
}

}  // namespace smp
