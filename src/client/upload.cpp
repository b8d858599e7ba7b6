// SPDX-License-Identifier: Apache-2.0
// The image upload routine: drives upload::UploadMachine over the client's requests.
#include <smp/client/client.hpp>
#include <smp/protocol/error_kind.hpp>

#include <smp/mcuboot/mcuboot_image.hpp>
#include <smp/mcuboot/sha256.hpp>
#include <smp/protocol/messages/image.hpp>

#include <asio/bind_cancellation_slot.hpp>
#include <asio/cancellation_signal.hpp>

#include <deque>

#include "client/client_impl.hpp"

namespace smp {
namespace {

namespace act = upload::upload_action;

// "DETAIL (WHERE)", or WHERE alone: a device error has no detail of its own (group, rc and
// reason are in Error::device), and "upgrade failed at upload:  (udp://...)" read as if
// something had gone missing.
std::string with_where(const std::string& detail, const std::string& where) {
    return detail.empty() ? where : detail + " (" + where + ")";
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// What the driver waits for: answers and timeouts of chunk requests, in arrival order.
struct Driver {
    explicit Driver(const asio::any_io_executor& ex) : wake(ex) {}
    struct Event {
        smp::upload::RequestId id = 0;
        Result<Message> outcome;
    };
    std::deque<Event> events{};
    asio::steady_timer wake;
    std::map<smp::upload::RequestId, std::shared_ptr<asio::cancellation_signal>> running{};

    void push(smp::upload::RequestId id, Result<Message> outcome) {
        events.push_back(Event{id, std::move(outcome)});
        wake.cancel();
    }
    void cancel(smp::upload::RequestId id) {
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

// One pass of the upload machine: from the first chunk to the device's final answer.
asio::awaitable<Result<UploadResult>> upload_pass(std::shared_ptr<Client::Impl> impl,
                                                  ByteView image, const mcuboot::Sha256Digest& sha,
                                                  const upload::UploadParams& params,
                                                  const ProgressCallback& progress) {
    auto driver = std::make_shared<Driver>(impl->executor);
    upload::UploadMachine machine;
    std::map<smp::upload::RequestId, Bytes> to_send;  // Send waits for its ArmTimer
    std::optional<upload::UploadTime> wake_at;        // the machine's tail loss probe
    const auto started = std::chrono::steady_clock::now();
    std::optional<act::Done> done;
    std::optional<Error> link_lost;  // why the transport closed, for the final error
    std::size_t logged_window = 0;   // the adaptive window as last logged
    std::uint64_t logged_epoch = 0;  // the adaptive window's last epoch logged
    auto log_epoch = [&](const upload::WindowController& control) {
        const auto epoch = control.last_epoch();
        if (!epoch || epoch->index == logged_epoch)
            return;
        logged_epoch = epoch->index;
        impl->log(LogLevel::debug, "image upload: epoch " + std::to_string(epoch->index) +
                                       " at window " + std::to_string(epoch->window) + ": " +
                                       std::to_string(static_cast<std::uint64_t>(epoch->goodput)) +
                                       " B/s");
    };

    auto perform = [&](const upload::UploadActions& actions) {
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
            } else if (auto* wake = std::get_if<act::WakeAt>(&action)) {
                wake_at = wake->at;
            } else if (auto* p = std::get_if<act::Progress>(&action)) {
                // Where the adaptive window went, when and why: the verbose log shows each
                // epoch it measured and its path.
                log_epoch(machine.window_control());
                if (params.adaptive && machine.window() != logged_window) {
                    logged_window = machine.window();
                    impl->log(LogLevel::debug,
                              "image upload: window " + std::to_string(logged_window) + " at " +
                                  std::to_string(p->acked) + " of " + std::to_string(p->total) +
                                  " bytes, " + std::to_string(seconds_since(started)) + " s");
                }
                if (progress) {
                    const double seconds = seconds_since(started);
                    progress(UploadProgress{
                        p->acked, p->total,
                        seconds > 0 ? static_cast<double>(p->acked) / seconds : 0.0});
                }
            } else if (auto* d = std::get_if<act::Done>(&action)) {
                done = *d;
            }
        }
    };

    perform(machine.start(image, sha, params, std::chrono::steady_clock::now()));
    if (machine.sha_omitted())
        impl->log(LogLevel::warning,
                  "message budget too small for the sha: uploading without resume or match check");
    while (!done) {
        // Checked on every turn: a cancellation may arrive while no wait is pending (e.g.
        // from the progress callback).
        auto state = co_await asio::this_coro::cancellation_state;
        if (state.cancelled() != asio::cancellation_type::none) {
            perform(machine.cancel());
            break;
        }
        if (driver->events.empty()) {
            // Events cancel the wait; the machine's wake time ends it otherwise.
            driver->wake.expires_at(wake_at.value_or(asio::steady_timer::time_point::max()));
            co_await driver->wake.async_wait(detail::use_nothrow_awaitable);
            const auto now = std::chrono::steady_clock::now();
            if (driver->events.empty() && wake_at && now >= *wake_at) {
                wake_at.reset();
                perform(machine.on_wake(now));
            }
            continue;
        }
        Driver::Event event = std::move(driver->events.front());
        driver->events.pop_front();
        driver->running.erase(event.id);
        if (event.outcome) {
            perform(machine.on_response(
                event.id, decode_response<image::UploadResponse>(event.outcome->payload),
                std::chrono::steady_clock::now()));
            continue;
        }
        const auto code = event.outcome.error().code;
        if (code == make_error_code(Errc::cancelled))
            continue;  // abandoned by the machine
        if (is_link_lost(event.outcome.error())) {
            link_lost = std::move(event.outcome).error();
            perform(machine.on_closed());
        } else {
            // A timeout or a failed send: a loss.
            perform(machine.on_timeout(event.id, std::chrono::steady_clock::now()));
        }
    }
    driver->cancel_all();
    if (params.adaptive)
        impl->log(LogLevel::debug, "image upload: window " + std::to_string(machine.window()) +
                                       " of at most " + std::to_string(params.window) +
                                       " at the end (adaptive)");
    // Where the resends came from: timeouts are requests (or answers) the link or the
    // device lost; the rest followed the device's offset corrections.
    const auto& c = machine.counters();
    impl->log(LogLevel::debug, "image upload: " + std::to_string(c.sends) + " sends, " +
                                   std::to_string(c.resends) + " resends, " +
                                   std::to_string(c.timeouts) + " timeouts, " +
                                   std::to_string(c.probes) + " probes, " +
                                   std::to_string(c.ignored) + " answers ignored");
    if (done->error) {
        Error error = *done->error;
        // A closed link says itself what went away (the transport's reason); the caller
        // adds the device's address.
        if (link_lost)
            error.detail = with_where(error.detail, link_lost->detail);
        co_return error;
    }
    co_return UploadResult{done->match, machine.counters(), machine.window()};
}

// What an image state read says about the uploaded image.
enum class SlotCheck {
    holds_it,    ///< a slot of the target image reports the image's hash
    lost_it,     ///< the device lists its slots and none has the hash
    refused,     ///< MCUboot serial recovery does not list it: it did not accept the image
    cannot_tell  ///< the device refuses the state read (e.g. rc 8): nothing to verify with
};

// A completed upload only proves that the device wrote every byte once. A late or duplicated
// first chunk (off 0) reaching a Zephyr device after completion starts a new upload there
// and erases the slot, unless CONFIG_IMG_ENABLE_IMAGE_CHECK recognises the sha
// (img_mgmt.c, img_mgmt_upload: the off == 0 path erases before writing). So ask the
// device which hash its slots hold now: the MCUboot hash TLV, as state read reports it.
asio::awaitable<Result<SlotCheck>> check_slot(Client& client, const detail::IdentityCache& identity,
                                              const Bytes& image_hash, std::uint32_t image_number) {
    const image::StateRead read;
    auto state = co_await client.request(read);
    // A read is safe to repeat: an answer damaged on the way (it decodes as CBOR but not as
    // an image list) is asked again, a few times, like a lost one.
    for (int again = 0; again < 2 && !state && !state.error().device &&
                        state.error().code == make_error_code(Errc::decode_error);
         ++again)
        state = co_await client.request(read);
    if (!state) {
        if (state.error().device)
            co_return SlotCheck::cannot_tell;
        co_return std::move(state).error();
    }
    DeviceSigns signs;
    if (client.params().from_device)
        signs.buf_count = client.params().buf_count;
    signs.listed_slots = state->images.size();
    for (const auto& slot : state->images) {
        if (slot.image.value_or(0) == image_number && slot.hash == image_hash)
            co_return SlotCheck::holds_it;
        signs.active_slot = signs.active_slot || slot.active;
    }
    // Recovery writes slot 0 one request at a time and lists only an image that passes its
    // checks (it listed nothing at all after refusing one, on the mps2 fixture), so an image
    // it received whole and does not list was refused: uploading it again cannot help. An
    // application with nothing running (a virtual device without a factory image) lost its
    // copy instead. Which one this is: what identify() found on this connection, else the
    // signs at hand (classify_device); undecided is recovery, which has neither the params
    // command nor echo by default.
    const auto kind = identity.info ? std::optional(identity.info->kind) : classify_device(signs);
    if (!signs.active_slot &&
        kind.value_or(DeviceKind::mcuboot_recovery) == DeviceKind::mcuboot_recovery)
        co_return SlotCheck::refused;
    co_return SlotCheck::lost_it;
}

void add_counters(upload::UploadCounters& total, const upload::UploadCounters& pass) {
    total.sends += pass.sends;
    total.resends += pass.resends;
    total.timeouts += pass.timeouts;
    total.restarts += pass.restarts;
    total.ignored += pass.ignored;
    total.probes += pass.probes;
}

}  // namespace

asio::awaitable<Result<UploadResult>> Client::upload_image(ByteView image, UploadOptions options,
                                                           ProgressCallback progress) {
    auto impl = impl_;
    // Cancellation is reported as Errc::cancelled, not thrown by the next co_await.
    co_await asio::this_coro::throw_if_cancelled(false);
    if (!impl->open)
        co_return Error{make_error_code(Errc::not_connected), "upload to " + address()};
    upload::UploadParams params;
    params.message_budget = impl->params.message_budget;
    params.window = options.window.value_or(impl->params.window);
    // The device's buf_count - 1 is a cap to search under; a window the user gave is fixed.
    params.adaptive = !options.window;
    params.image = options.image;
    params.upgrade = options.upgrade;
    params.max_sends_per_chunk = options.max_sends_per_chunk;
    params.chunk_timeout = options.chunk_timeout;
    params.first_chunk_timeout = options.first_chunk_timeout;
    // A tail loss probe is one chunk beyond the window: only where the device has a buffer
    // for it (not MCUboot serial recovery, whose one buffer takes one request at a time).
    params.tail_probe = impl->params.buf_count > params.window;

    // The hash state read reports for the slot; none for data that is not an MCUboot image
    // (the device decides what it accepts; there is then nothing to verify against). The
    // upload's `sha` is the SHA-256 of all the bytes, which parsing has computed already:
    // hashing is most of the client's work per byte.
    std::optional<Bytes> image_hash;
    mcuboot::Sha256Digest sha{};
    if (auto parsed = mcuboot::parse_mcuboot_image(image)) {
        image_hash = parsed->hash;
        sha = parsed->file_sha256;
    } else {
        sha = mcuboot::sha256(image);
    }

    UploadResult result;
    // Passes after the first share the machine's restart budget: each is the device having
    // lost the upload once more.
    for (unsigned pass = 0;; ++pass) {
        auto done = co_await upload_pass(impl, image, sha, params, progress);
        if (!done) {
            Error error = std::move(done).error();
            error.detail = with_where(error.detail, address());
            co_return error;
        }
        add_counters(result.counters, done->counters);
        result.match = done->match;
        result.window = done->window;
        if (!image_hash)
            co_return result;
        auto check =
            co_await check_slot(*this, impl->identity, *image_hash, options.image.value_or(0));
        if (!check) {
            Error error = std::move(check).error();
            error.detail =
                with_where("image upload completed but the slot could not be verified" +
                               (error.detail.empty() ? std::string() : ": " + error.detail),
                           address());
            co_return error;
        }
        if (*check == SlotCheck::refused)
            co_return Error{
                make_error_code(Errc::image_refused),
                "the bootloader received all " + std::to_string(image.size()) +
                    " bytes but does not list the image: it did not pass MCUboot's checks (hash, "
                    "signature, or the load address and RAM_LOAD/ROM_FIXED flags of this slot); "
                    "uploading it again cannot help (" +
                    address() + ")"};
        if (*check != SlotCheck::lost_it)
            co_return result;
        if (pass >= params.max_restarts) {
            co_return Error{make_error_code(Errc::upload_failed),
                            "image upload: the device reported the upload complete " +
                                std::to_string(pass + 1) + " times, yet no slot holds the image (" +
                                address() + ")"};
        }
        impl->log(LogLevel::warning,
                  "image upload: the device reported completion but no slot holds the image; "
                  "uploading again");
        result.counters.restarts++;
    }
}

}  // namespace smp
