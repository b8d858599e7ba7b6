// SPDX-License-Identifier: Apache-2.0
#pragma once
// The pipelined image upload as a sans-I/O state machine (shared/protocol.md §6).
//
// Inputs: start(image, sha, params, now), on_response(id, decoded response or error, now),
// on_timeout(id, now), on_wake(now), on_closed(), cancel(). Outputs: a list of actions for
// the driver to perform, in order: send a chunk, arm or cancel that chunk's timer, wake the
// machine at a time (the tail loss probe), report progress, and finally done (success with
// the device's `match`, or an error). Time is an input: the
// machine says how long to wait, the driver tells it when a wait ran out, and each event
// carries the driver's clock (the adaptive window measures goodput and round trips with it;
// the overloads without `now` let time stand still, which fixes the window).
//
// Rules it follows:
//  - up to `window` chunks in flight, or, with `adaptive`, as many as the WindowController
//    finds best, never more than `window`; the first chunk (which carries
//    len/sha/image/upgrade and may wait for a slot erase) goes alone;
//  - the device is authoritative: Zephyr answers a chunk at the wrong offset (lost
//    predecessor, duplicate, reordering) with success {"off": expected}; the machine
//    continues from that offset and drops in-flight chunks that no longer follow it;
//  - an answer of off 0 after the first chunk means the device forgot the upload (reboot,
//    error, another client): restart with the first-chunk fields (bounded restarts);
//  - resume: the first chunk carries the sha, and a device with that upload in progress
//    answers its current offset; the machine continues there;
//  - lost chunks are resent after their timeout; every offset has a bounded number of sends;
//  - with `tail_probe`, a stall (no answer for twice the smoothed round trip) sends the next
//    chunk beyond the window (RFC 8985's tail loss probe): the device answers it with the
//    offset it expects, so a lost chunk is resent after one round trip instead of its
//    timeout (where nothing is sent behind a chunk, at window 1, only its timer finds it);
//  - the final answer's `match: false` fails with Errc::image_mismatch.
//
// Request ids are the machine's own numbers, not SMP sequence numbers: the driver sends each
// payload through its request table, which assigns the sequence and matches the answer.
#include <smp/protocol/bytes.hpp>
#include <smp/protocol/messages/image.hpp>
#include <smp/protocol/result.hpp>
#include <smp/protocol/upload/window_controller.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <variant>
#include <vector>

/// The pipelined upload, sans-I/O: state machine, window control, chunk sizing.
namespace smp::upload {

/// How an upload is cut and paced; the client fills it from the device's parameters.
struct UploadParams {
    std::size_t message_budget = 0;  ///< largest whole SMP message (8-byte header included)
    std::size_t window = 1;          ///< chunks in flight (default buf_count - 1, at least 1)
    /// Choose the window in 1..`window` from goodput and round trips (WindowController);
    /// false keeps it at `window` (a user's explicit window).
    bool adaptive = false;
    std::optional<std::uint32_t> image{};  ///< image number sent with the first chunk
    std::optional<bool> upgrade{};         ///< ask the device to refuse older versions
    unsigned max_sends_per_chunk = 8;      ///< sends of one offset before giving up
    unsigned max_restarts = 3;             ///< times the device may forget the upload
    /// Wait for the answer to a middle chunk; doubled on each resend, up to 4x.
    std::chrono::milliseconds chunk_timeout{2000};
    /// The first chunk may wait for the device to erase the slot (seconds on large slots), the
    /// last one for the device to finish the image: both get this timeout.
    std::chrono::milliseconds first_chunk_timeout{20000};
    /// Send one chunk beyond the window when no answer came for twice the smoothed round
    /// trip (at least `min_probe_wait`). Only where the device has a buffer for it: the
    /// client sets it when the window is below the device's buf_count.
    bool tail_probe = false;
    std::chrono::milliseconds min_probe_wait{50};  ///< shortest stall before a tail loss probe
};

/// The machine's number for one request (not an SMP sequence number).
using RequestId = std::uint32_t;

/// What UploadMachine asks its driver to do.
namespace upload_action {
/// Send an image::Upload request with this CBOR payload.
struct Send {
    RequestId id = 0;          ///< the machine's id for this request; answers and timeouts name it
    std::uint64_t offset = 0;  ///< image offset of the chunk's first byte
    Bytes payload{};           ///< the encoded image::Upload request map
};
/// Call on_timeout(id) after `timeout` unless the answer arrives first.
struct ArmTimer {
    RequestId id = 0;                     ///< the request the timer belongs to
    std::chrono::milliseconds timeout{};  ///< how long to wait for its answer
};
/// The request is abandoned: stop its timer; its answer, if any, will be ignored.
struct CancelTimer {
    RequestId id = 0;  ///< the request to forget
};
/// Call on_wake(now) once the clock reaches `at`. A later WakeAt replaces an earlier one; a
/// wake the machine no longer wants is ignored, so the driver need not cancel it.
struct WakeAt {
    UploadTime at{};  ///< when to call on_wake
};
/// The device's acknowledged offset moved.
struct Progress {
    std::uint64_t acked = 0;  ///< bytes the device has accepted
    std::uint64_t total = 0;  ///< image size in bytes
};
/// The upload is over; no further actions follow.
struct Done {
    std::optional<Error> error{};  ///< empty on success
    std::optional<bool> match{};   ///< the device's verdict on the sha, when it gave one
};
}  // namespace upload_action

/// One thing the machine asks its driver to do.
using UploadAction =
    std::variant<upload_action::Send, upload_action::ArmTimer, upload_action::CancelTimer,
                 upload_action::WakeAt, upload_action::Progress, upload_action::Done>;
/// The actions of one event, to perform in order.
using UploadActions = std::vector<UploadAction>;

/// What happened during an upload, for logs and tests.
struct UploadCounters {
    std::uint64_t sends = 0;     ///< chunks sent, resends and probes included
    std::uint64_t resends = 0;   ///< sends of an offset already sent
    std::uint64_t timeouts = 0;  ///< chunks whose timer ran out before their answer
    std::uint64_t restarts = 0;  ///< the device forgot the upload
    std::uint64_t ignored = 0;   ///< answers to abandoned or unknown requests
    std::uint64_t probes = 0;    ///< tail loss probes sent (chunks beyond the window)
};

/// The pipelined image upload state machine (the rules above). Thread safety: none; one machine per
/// upload, driven from one thread.
class UploadMachine {
  public:
    /// Starts an upload. `image` must stay alive (unchanged) until done; `sha` is the
    /// SHA-256 of the whole image (the device's resume identity and `match` check).
    UploadActions start(ByteView image, ByteView sha, UploadParams params, UploadTime now = {});
    /// The answer to request `id` arrived at `now`: a decoded upload response, or an error
    /// (a device error value, or a decode error).
    UploadActions on_response(RequestId id, const Result<image::UploadResponse>& response,
                              UploadTime now);
    /// As above at the time of the previous event (time stands still).
    UploadActions on_response(RequestId id, const Result<image::UploadResponse>& response) {
        return on_response(id, response, now_);
    }
    /// The timer armed for request `id` ran out at `now`: the chunk counts as lost and is sent
    /// again, unless the device has acknowledged it meanwhile.
    UploadActions on_timeout(RequestId id, UploadTime now);
    /// As above at the time of the previous event.
    UploadActions on_timeout(RequestId id) { return on_timeout(id, now_); }
    /// The time of the last WakeAt came.
    UploadActions on_wake(UploadTime now);
    /// The transport closed: ends the upload with Errc::not_connected.
    UploadActions on_closed();
    /// The user gave up: ends the upload with Errc::cancelled.
    UploadActions cancel();

    /// True once upload_action::Done was emitted; later events produce no action.
    bool finished() const noexcept { return finished_; }
    /// The offset the device last said it expects next (bytes it holds).
    std::uint64_t acked() const noexcept { return acked_; }
    /// Chunks sent and not yet answered, abandoned or timed out.
    std::size_t in_flight() const noexcept { return in_flight_.size(); }
    /// Chunks allowed in flight now (fixed, or where the adaptive control stands).
    std::size_t window() const noexcept { return control_.window(); }
    /// What the adaptive window measured (its epochs, round trips), for logs.
    const WindowController& window_control() const noexcept { return control_; }
    /// What happened so far.
    const UploadCounters& counters() const noexcept { return counters_; }
    /// True when the budget was too small for the sha in the first chunk, so it was left
    /// out (no resume, no `match` check).
    bool sha_omitted() const noexcept { return sha_omitted_; }

  private:
    struct Chunk {
        std::uint64_t off = 0;
        std::size_t len = 0;
        SendStamp stamp{};
        std::uint64_t end() const { return off + len; }
    };
    enum class Phase { idle, first_chunk, streaming };

    void send_chunk(std::uint64_t off, UploadActions& out);
    std::chrono::milliseconds backed_off(std::chrono::milliseconds timeout, unsigned send) const;
    void fill_window(UploadActions& out);
    void follow_device(std::uint64_t off, RequestId answered, UploadActions& out);
    void retire_overtaken(RequestId answered, std::uint64_t off, UploadActions& out);
    void restart(UploadActions& out);
    void abandon_all(UploadActions& out);
    void fail(Error error, UploadActions& out);
    void on_device_error(const Error& error, UploadActions& out);
    void advance(std::uint64_t off, UploadActions& out);
    void keep_going(UploadActions& out);
    void tell_control(const Chunk& chunk, std::uint64_t off, std::uint64_t acked_before);
    void arm_probe(UploadActions& out);

    ByteView image_{};
    Bytes sha_{};
    UploadParams params_{};
    Phase phase_ = Phase::idle;
    bool finished_ = false;
    bool sha_omitted_ = false;
    std::uint64_t acked_ = 0;     // the offset the device expects next, as last reported
    std::uint64_t send_off_ = 0;  // where the next new chunk starts
    RequestId next_id_ = 1;
    std::map<RequestId, Chunk> in_flight_{};
    std::map<std::uint64_t, unsigned> sends_at_{};  // sends per offset since the last restart
    UploadCounters counters_{};
    WindowController control_{};
    UploadTime now_{};                      // the time of the event being handled
    std::optional<UploadTime> probe_at_{};  // when the tail loss probe goes, if armed
    bool probed_ = false;                   // one probe per stall: until the device moves on
};

}  // namespace smp::upload
