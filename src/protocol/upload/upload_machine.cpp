// SPDX-License-Identifier: Apache-2.0
// The pipelined image upload state machine (see smp/protocol/upload/upload_machine.hpp).
#include <smp/protocol/upload/upload_machine.hpp>

#include <smp/protocol/upload/chunk_sizing.hpp>

#include <algorithm>
#include <string>

namespace smp::upload {
namespace {

// Zephyr rejects a first chunk with fewer than 32 data bytes (img_mgmt.c: the image header
// must be inspectable), so a budget that cannot carry them is useless.
constexpr std::size_t min_first_chunk_data = min_first_image_chunk;

// The largest data size for `chunk` within the budget (smp/protocol/upload/chunk_sizing.hpp, exact
// by encoding); 0 when nothing useful fits.
std::size_t max_upload_data(const image::Upload& chunk, std::size_t message_budget) {
    auto n = max_chunk_data(chunk, message_budget);
    return n ? *n : 0;
}

Error error(Errc code, std::string detail) {
    return Error{make_error_code(code), std::move(detail)};
}

}  // namespace

UploadActions UploadMachine::start(ByteView image, ByteView sha, UploadParams params,
                                   UploadTime now) {
    *this = UploadMachine{};
    now_ = now;
    image_ = image;
    sha_.assign(sha.begin(), sha.end());
    params_ = params;
    params_.window = std::max<std::size_t>(params_.window, 1);
    control_ = WindowController(params_.window, params_.adaptive);
    params_.max_sends_per_chunk = std::max(params_.max_sends_per_chunk, 1u);
    UploadActions out;
    if (image_.empty())
        fail(error(Errc::invalid_argument, "image upload: the image is empty"), out);
    else if (sha_.size() > 32)
        fail(error(Errc::invalid_argument, "image upload: sha longer than 32 bytes"), out);
    else
        restart(out);
    return out;
}

void UploadMachine::send_chunk(std::uint64_t off, UploadActions& out) {
    image::Upload chunk;
    chunk.off = off;
    const bool first = off == 0;
    if (first) {
        chunk.image = params_.image;
        chunk.len = image_.size();
        if (!sha_.empty())
            chunk.sha = sha_;
        chunk.upgrade = params_.upgrade;
    }
    const std::size_t remaining = image_.size() - off;
    std::size_t n = std::min(remaining, max_upload_data(chunk, params_.message_budget));
    if (first && chunk.sha && n < std::min(remaining, min_first_chunk_data)) {
        // A small budget (e.g. 96 bytes) cannot carry the 32-byte sha and the image header
        // together. The sha is optional: upload without it, giving up resume and `match`.
        chunk.sha.reset();
        sha_.clear();
        sha_omitted_ = true;
        n = std::min(remaining, max_upload_data(chunk, params_.message_budget));
    }
    if (n == 0 || (first && n < std::min(remaining, min_first_chunk_data))) {
        fail(error(Errc::message_too_large,
                   "image upload: a message budget of " + std::to_string(params_.message_budget) +
                       " bytes cannot carry an upload chunk at offset " + std::to_string(off)),
             out);
        return;
    }
    if (++sends_at_[off] > params_.max_sends_per_chunk) {
        fail(error(Errc::upload_failed, "image upload: the chunk at offset " + std::to_string(off) +
                                            " was not accepted after " +
                                            std::to_string(params_.max_sends_per_chunk) + " sends"),
             out);
        return;
    }
    counters_.sends++;
    if (sends_at_[off] > 1)
        counters_.resends++;
    chunk.data.assign(image_.begin() + static_cast<std::ptrdiff_t>(off),
                      image_.begin() + static_cast<std::ptrdiff_t>(off + n));
    const RequestId id = next_id_++;
    const SendStamp stamp = control_.on_send(now_, sends_at_[off] > 1, in_flight_.empty());
    in_flight_[id] = Chunk{off, n, stamp};
    send_off_ = std::max(send_off_, off + n);
    out.push_back(upload_action::Send{id, off, encode_payload(chunk)});
    // The first chunk may wait for a slot erase; the last one for the device to finish the
    // image before it answers (MCUboot serial recovery on the emulated mps2 took more than the
    // 2 s chunk timeout to answer the last chunk of a 132 KiB image under load, and every
    // resend of it started over). Both get the long timeout.
    const bool last = off + n == image_.size();
    out.push_back(upload_action::ArmTimer{
        id, backed_off(first || last ? params_.first_chunk_timeout : params_.chunk_timeout,
                       sends_at_[off])});
}

std::chrono::milliseconds UploadMachine::backed_off(std::chrono::milliseconds timeout,
                                                    unsigned send) const {
    // Each resend of a chunk waits twice as long as the send before it, up to four times the
    // first wait and never past the first chunk's timeout (TCP's retransmission backoff, RFC
    // 6298 5.5, bounded so that a dead device still fails within a minute). A device slower
    // than the timeout otherwise gets every chunk again before it has answered it, and a
    // single-threaded one falls further behind with each copy: MCUboot recovery on a loaded
    // emulator did not advance past one 1 KiB chunk through 8 sends 2 s apart.
    const auto cap = std::max(timeout, std::min(timeout * 4, params_.first_chunk_timeout));
    for (unsigned i = 1; i < send && timeout < cap; ++i)
        timeout = std::min(timeout * 2, cap);
    return timeout;
}

void UploadMachine::fill_window(UploadActions& out) {
    // With nothing in flight, no answer can move the device past what it acknowledged: data
    // sent beyond that was refused or lost (e.g. a chunk that overtook its predecessor on the
    // way, refused, its refusal arriving after the predecessor's acceptance). Continue there.
    if (in_flight_.empty() && send_off_ > acked_)
        send_off_ = acked_;
    // The first chunk goes alone: its answer may be a resume offset or a match, and the
    // device may spend seconds erasing the slot before it can take more.
    while (!finished_ && phase_ == Phase::streaming && in_flight_.size() < control_.window() &&
           send_off_ < image_.size()) {
        send_chunk(send_off_, out);
    }
}

void UploadMachine::abandon_all(UploadActions& out) {
    for (const auto& [id, chunk] : in_flight_)
        out.push_back(upload_action::CancelTimer{id});
    in_flight_.clear();
}

void UploadMachine::fail(Error err, UploadActions& out) {
    abandon_all(out);
    finished_ = true;
    out.push_back(upload_action::Done{std::move(err), std::nullopt});
}

void UploadMachine::restart(UploadActions& out) {
    if (phase_ != Phase::idle && ++counters_.restarts > params_.max_restarts) {
        fail(error(Errc::upload_failed, "image upload: the device restarted the upload " +
                                            std::to_string(counters_.restarts) + " times"),
             out);
        return;
    }
    abandon_all(out);
    sends_at_.clear();
    probed_ = false;
    if (acked_ != 0) {
        acked_ = 0;
        out.push_back(upload_action::Progress{0, image_.size()});
    }
    phase_ = Phase::first_chunk;
    send_off_ = 0;
    send_chunk(0, out);
}

void UploadMachine::follow_device(std::uint64_t off, RequestId answered, UploadActions& out) {
    // The device handles requests in arrival order. Chunks sent after the answered one reach
    // it later, so those that continue from its offset, in sending order, may still be
    // accepted; every other chunk in flight will be refused (or was lost): stop waiting for
    // it and resend from the device's offset now rather than after a timeout.
    std::uint64_t chain_end = off;
    RequestId last = answered;
    std::vector<RequestId> keep;
    for (const auto& [id, chunk] : in_flight_) {  // ids ascend in sending order
        if (id > last && chunk.off == chain_end) {
            keep.push_back(id);
            chain_end = chunk.end();
            last = id;
        }
    }
    for (auto it = in_flight_.begin(); it != in_flight_.end();) {
        if (std::find(keep.begin(), keep.end(), it->first) == keep.end()) {
            out.push_back(upload_action::CancelTimer{it->first});
            it = in_flight_.erase(it);
        } else {
            ++it;
        }
    }
    send_off_ = chain_end;
}

void UploadMachine::retire_overtaken(RequestId answered, std::uint64_t off, UploadActions& out) {
    // The device handles requests in arrival order, so a chunk sent before the answered one
    // and ending at or below the device's offset was written: its answer was lost or comes
    // late. Waiting for it until its timer (seconds) would hold a place in the window all
    // that time, a third of the goodput at window 3 (a late answer is then ignored).
    for (auto it = in_flight_.begin(); it != in_flight_.end() && it->first < answered;) {
        if (it->second.end() <= off) {
            out.push_back(upload_action::CancelTimer{it->first});
            it = in_flight_.erase(it);
        } else {
            ++it;
        }
    }
}

void UploadMachine::on_device_error(const Error& err, UploadActions& out) {
    // Any error resets the device's upload state (img_mgmt.c). Out-of-memory and busy are
    // transient (a full buffer pool): start over; anything else is the device's verdict.
    const auto& device = *err.device;
    const bool transient =
        !device.group && (device.rc == static_cast<std::int64_t>(Rc::no_memory) ||
                          device.rc == static_cast<std::int64_t>(Rc::busy));
    if (transient)
        restart(out);
    else
        fail(err, out);
}

void UploadMachine::advance(std::uint64_t off, UploadActions& out) {
    if (off > acked_) {
        acked_ = off;
        probed_ = false;  // the device moved on: a later stall may be probed again
        out.push_back(upload_action::Progress{acked_, image_.size()});
        std::erase_if(sends_at_, [&](const auto& entry) { return entry.first < acked_; });
    }
}

UploadActions UploadMachine::on_response(RequestId id,
                                         const Result<image::UploadResponse>& response,
                                         UploadTime now) {
    UploadActions out;
    now_ = now;
    auto it = in_flight_.find(id);
    if (finished_ || it == in_flight_.end()) {
        counters_.ignored++;
        return out;
    }
    const Chunk chunk = it->second;
    in_flight_.erase(it);
    out.push_back(upload_action::CancelTimer{id});

    if (!response.has_value()) {
        if (response.error().device)
            on_device_error(response.error(), out);
        else
            send_chunk(chunk.off, out);  // garbled answer: treat like a loss
        return out;
    }
    if (!response->off) {
        // Zephyr always sends "off" with success; a map without it was garbled on the way
        // (or came from a confused device): resend, within the chunk's send budget.
        send_chunk(chunk.off, out);
        return out;
    }
    const std::uint64_t off = *response->off;
    if (off > image_.size()) {
        fail(error(Errc::protocol_violation, "image upload: device reported offset " +
                                                 std::to_string(off) + " beyond the image size " +
                                                 std::to_string(image_.size())),
             out);
        return out;
    }
    if (off == image_.size()) {
        advance(off, out);
        abandon_all(out);
        finished_ = true;
        if (response->match == false) {
            out.push_back(upload_action::Done{
                error(Errc::image_mismatch,
                      "image upload: the device's SHA-256 of the image does not match"),
                false});
        } else {
            out.push_back(upload_action::Done{std::nullopt, response->match});
        }
        return out;
    }
    if (off == 0) {
        restart(out);  // the device forgot the upload
        return out;
    }
    phase_ = Phase::streaming;
    if (off >= acked_) {
        // An older answer overtaken by a newer one (reordering) tells nothing new.
        tell_control(chunk, off, acked_);
        advance(off, out);
        retire_overtaken(id, off, out);
        if (off != chunk.end() || send_off_ < off)
            follow_device(off, id, out);
    } else if (in_flight_.empty()) {
        // Behind what an earlier answer said, and no other answer to wait for: that earlier
        // answer was damaged on the way (a flipped bit in "off"). The device is authoritative.
        acked_ = off;
        send_off_ = off;
        out.push_back(upload_action::Progress{acked_, image_.size()});
    }
    fill_window(out);
    keep_going(out);
    arm_probe(out);
    return out;
}

void UploadMachine::tell_control(const Chunk& chunk, std::uint64_t off,
                                 std::uint64_t acked_before) {
    // The first chunk's round trip includes the slot erase: it says nothing about the window.
    if (chunk.off == 0)
        return;
    control_.on_answer(now_, chunk.stamp, off - acked_before);
    if (off != chunk.end())
        control_.on_loss();
}

void UploadMachine::keep_going(UploadActions& out) {
    // Nothing in flight and nothing new to send, yet the device has not confirmed the end:
    // without a request there is no answer and no timer, and the upload would wait forever.
    // Ask again from the offset the device last confirmed (within that offset's send budget).
    if (!finished_ && phase_ == Phase::streaming && in_flight_.empty())
        send_chunk(acked_, out);
}

UploadActions UploadMachine::on_timeout(RequestId id, UploadTime now) {
    UploadActions out;
    now_ = now;
    auto it = in_flight_.find(id);
    if (finished_ || it == in_flight_.end())
        return out;
    const Chunk chunk = it->second;
    in_flight_.erase(it);
    counters_.timeouts++;
    if (chunk.off < acked_) {
        fill_window(out);  // the device already has it (its answer was lost or overtaken)
        keep_going(out);
        return out;
    }
    control_.on_loss();
    send_chunk(chunk.off, out);
    arm_probe(out);
    return out;
}

void UploadMachine::arm_probe(UploadActions& out) {
    // RFC 8985's probe timeout: twice the smoothed round trip, from the last answer (or
    // timeout). At a steady window an answer comes every round trip or sooner, so waiting two
    // means a chunk or its answer was lost; a floor keeps a fast link's scheduling hiccups
    // from sending probes. Only with an estimate: the first chunk's erase says nothing.
    const auto srtt = control_.srtt();
    if (!params_.tail_probe || finished_ || phase_ != Phase::streaming || in_flight_.empty() ||
        probed_ || !srtt)
        return;
    const auto wait = std::max<std::chrono::microseconds>(2 * *srtt, params_.min_probe_wait);
    probe_at_ = now_ + wait;
    out.push_back(upload_action::WakeAt{*probe_at_});
}

UploadActions UploadMachine::on_wake(UploadTime now) {
    UploadActions out;
    if (!probe_at_ || now < *probe_at_ || finished_ || phase_ != Phase::streaming ||
        in_flight_.empty() || probed_ || send_off_ >= image_.size())
        return out;
    // The probe is new data, one chunk beyond the window (the window is at most buf_count -
    // 1, so the device has a buffer for it). Zephyr's img_mgmt and MCUboot's boot_serial
    // answer a chunk at an offset they do not expect with the offset they do (protocol.md
    // 6), so its answer either shows the loss, and follow_device resends from there at once,
    // or comes after the late answers it waited for, and nothing was lost. At the image's
    // end there is no new data: the chunk timers find a loss there.
    now_ = now;
    probe_at_.reset();
    probed_ = true;
    counters_.probes++;
    send_chunk(send_off_, out);
    return out;
}

UploadActions UploadMachine::on_closed() {
    UploadActions out;
    if (!finished_)
        fail(error(Errc::not_connected, "image upload: the transport closed"), out);
    return out;
}

UploadActions UploadMachine::cancel() {
    UploadActions out;
    if (!finished_)
        fail(error(Errc::cancelled, "image upload cancelled"), out);
    return out;
}

}  // namespace smp::upload
