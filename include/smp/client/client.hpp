// SPDX-License-Identifier: Apache-2.0
#pragma once
// smp::Client: talks SMP to one device over a Transport, with C++20 coroutines on Asio.
//
//     smp::Client client(io.get_executor(), smp::make_udp_transport(ex, {.host = "::1"}));
//     co_await client.connect();
//     const smp::os::Echo hi{.d = "hi"};
//     auto echo = co_await client.request(hi);
//     if (echo) use(echo->r); else report(echo.error().message());
//
// g++ 12 note: write `const smp::os::Echo echo{.d = "hi"}; co_await client.request(echo);`
// rather than a temporary message inside the co_await expression; g++ 12.2 destroys such a
// temporary twice (a compiler bug in coroutine temporaries, seen in our tests; fine in a
// plain function such as BlockingClient::request).
//
// Results: every operation returns smp::Result. A device that refuses a request yields an
// Error whose `device` is set (group, rc, its reason text); transport failures and timeouts
// are Errc codes whose detail names the device address, the request and the timeout.
// The contracts (lost link, cancellation, threads, lifetimes) are on the class below.
#include <smp/client/log.hpp>
#include <smp/protocol/header.hpp>
#include <smp/protocol/message.hpp>
#include <smp/protocol/request_table.hpp>
#include <smp/protocol/upload/upload_machine.hpp>
#include <smp/transport/transport.hpp>

#include <asio/any_io_executor.hpp>
#include <asio/awaitable.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

namespace smp {

/// How a Client sends requests: timeouts, retries, SMP version, logging.
struct ClientOptions {
    std::chrono::milliseconds timeout{3000};  ///< per attempt of a request
    unsigned retries = 2;                     ///< extra attempts for idempotent requests
    std::chrono::milliseconds backoff{100};   ///< before the first retry; doubles each time
    Version version = Version::v2;            ///< falls back to v1 if the device answers v1
    /// Message budget when the device has no MCUmgr parameters command.
    std::size_t fallback_message_budget = 256;
    /// Where the client reports what it decided, with a level (smp/client/log.hpp): debug
    /// for the upload's workings, info for fallbacks, warning for what the user must know.
    /// Empty: nothing is reported (the library never prints). A `void(std::string_view)`
    /// sink is accepted too and gets every level.
    LogSink log{};
};

/// A request in raw form, for custom groups and for the typed request() template.
struct RawRequest {
    std::uint16_t group = 0;           ///< group id (smp::Group or a user group)
    std::uint8_t command = 0;          ///< command id within the group
    Op op = Op::read;                  ///< read or write
    Bytes payload{};                   ///< CBOR map
    std::optional<bool> idempotent{};  ///< may it be repeated? default: reads only
    std::optional<std::chrono::milliseconds> timeout{};  ///< overrides the client's timeout
};

/// A response in raw form: its SMP header and its CBOR payload undecoded.
struct RawResponse {
    Header header{};  ///< the response's SMP header
    Bytes payload{};  ///< CBOR map, as received
};

/// What connect() learned from the device (or assumed).
struct DeviceParams {
    bool from_device = false;        ///< false when the device lacks MCUmgr parameters
    std::size_t buf_size = 0;        ///< device SMP buffer, 0 when unknown
    std::size_t buf_count = 0;       ///< device buffers, 0 when unknown
    std::size_t message_budget = 0;  ///< largest message the client will send
    std::size_t window = 1;          ///< default pipeline depth: buf_count - 1, at least 1
    /// The caller named the device's buffer size (serial BufferSize or BufferParams), so
    /// the budget is that size even though the device did not say it.
    bool size_named = false;
};

/// What a Client has counted since it was made (counters()).
struct ClientCounters {
    smp::DropCounters dropped{};    ///< answers not delivered (stale, duplicate, unexpected)
    std::uint64_t undecodable = 0;  ///< received bytes that are not an SMP message
    std::uint64_t timeouts = 0;     ///< requests that got no answer in time
    std::uint64_t retries = 0;      ///< attempts repeated (timeout, transient error, bad answer)
};

/// How upload_image() sends an image.
struct UploadOptions {
    std::optional<std::uint32_t> image{};  ///< image number (multi-image / direct upload)
    std::optional<bool> upgrade{};         ///< refuse unless newer than the running image
    /// Chunks in flight. Default: adaptive, the smallest window up to the device's
    /// buf_count - 1 that reaches the best goodput (upload::WindowController); a value
    /// fixes the window.
    std::optional<std::size_t> window{};
    /// Wait for the answer to a middle chunk; doubled on each resend, up to 4x.
    std::chrono::milliseconds chunk_timeout{2000};
    /// The first and the last chunk: the device may erase the slot, or finish the image,
    /// before it answers.
    std::chrono::milliseconds first_chunk_timeout{20000};
    /// Sends of one chunk before the upload fails with Errc::upload_failed.
    unsigned max_sends_per_chunk = 8;
};

/// Where an upload stands, as passed to a ProgressCallback.
struct UploadProgress {
    std::uint64_t bytes = 0;      ///< accepted by the device
    std::uint64_t total = 0;      ///< image size in bytes
    double bytes_per_second = 0;  ///< average since the upload began
};
/// Called with the progress of a transfer, on the client's executor.
using ProgressCallback = std::function<void(const UploadProgress&)>;

/// What upload_image() reports on success.
struct UploadResult {
    std::optional<bool> match{};        ///< the device's SHA-256 check, when it made one
    upload::UploadCounters counters{};  ///< chunks sent, resent and answered during the upload
    /// Chunks in flight at the end: the window given, or where the adaptive window settled.
    std::size_t window = 0;
};

/// File system group transfers (upload_file, download_file).
struct FileTransferOptions {
    std::chrono::milliseconds chunk_timeout{3000};  ///< per attempt of one chunk
    /// Offset corrections (FS error 11) accepted in a row without progress before giving up.
    unsigned max_offset_corrections = 8;
};

struct DeviceInfo;

/// One device's SMP session over a Transport, with C++20 coroutines on Asio.
///
/// \par Lost link
/// A lost link (the transport's receive fails, or its send returns the link-lost error
/// Errc::not_connected, as the BLE transport does on a disconnect) closes the client at once:
/// every pending and later request, and a running upload, ends with Errc::not_connected
/// (smp::is_link_lost, smp/protocol/error_kind.hpp) and a detail starting "link lost: " with
/// the transport's reason, until connect() or close().
///
/// \par Cancellation
/// Every operation honours Asio per-operation cancellation (a cancellation slot bound to
/// its completion token, e.g. `a || b` or asio::cancel_after): it then completes with
/// Errc::cancelled as a value, never an exception. A cancelled upload_image leaves the
/// device as an interrupted upload does; a later upload of the same image resumes. close()
/// ends every pending operation with Errc::not_connected.
///
/// \par Thread safety
/// A Client is not thread-safe: use it from one thread (or strand) at a time, the one
/// running its executor. Many operations may be pending at once (requests are matched by
/// sequence number); many clients may share one io_context. Progress callbacks and the
/// log sink are called on the client's executor, from within the operation.
///
/// \par Lifetime
/// The Client must outlive its operations: destroy it only after every operation it started
/// has completed (close() first makes them complete). Buffers passed as ByteView
/// (upload_image, upload_file) must stay alive until the operation completes; requests
/// are encoded when request() is called, so their messages may be temporaries.
class Client {
  public:
    /// A client for `transport`, running on `executor`; connect() before requests.
    Client(asio::any_io_executor executor, std::unique_ptr<Transport> transport,
           ClientOptions options = {});
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    /// Opens the transport and reads the device's MCUmgr parameters to size messages and
    /// the pipeline. A device without the command gets safe defaults (and a log line).
    /// Errors: transport failure or timeout (nothing answered).
    asio::awaitable<Status> connect();

    /// Sends a typed request and decodes its typed response.
    template <RequestMessage M>
    asio::awaitable<Result<typename M::Response>> request(const M& message) {
        // Not a coroutine itself: the message is encoded now, so a temporary argument may
        // die before the awaitable runs.
        return decode_answer<typename M::Response>(request_raw(
            RawRequest{to_underlying(M::group), M::command, M::op, encode_payload(message)}));
    }

    /// Sends one request and returns the matching response (device errors are not looked
    /// for: the payload is returned as is). Idempotent requests are retried on timeout with
    /// backoff; a device answering in SMP v1 switches the client to v1.
    asio::awaitable<Result<RawResponse>> request_raw(RawRequest request);

    /// Uploads an MCUboot image with up to `window` chunks in flight, following the device's
    /// offsets, resuming a previous upload of the same image. `image` must stay alive until
    /// the operation completes. `progress` is called on the client's executor.
    asio::awaitable<Result<UploadResult>> upload_image(ByteView image, UploadOptions options = {},
                                                       ProgressCallback progress = {});

    /// Writes `data` to the device's file `name` (fs group, command 0), one exactly sized
    /// chunk at a time, following the device's offsets: a chunk at the wrong offset (FS error
    /// 11, with the expected offset in "len") continues from the offset the device names.
    /// `data` must stay alive until the operation completes; `progress` gets bytes written.
    /// Errors: device errors (e.g. FS 2 no such directory), timeouts after retries,
    /// Errc::protocol_violation when the device's offsets make no sense.
    asio::awaitable<Status> upload_file(std::string name, ByteView data,
                                        FileTransferOptions options = {},
                                        ProgressCallback progress = {});

    /// Reads the device's file `name` whole (the device picks the chunk size); `progress`
    /// gets bytes received of the size the device announced. Errors: as upload_file.
    asio::awaitable<Result<Bytes>> download_file(std::string name, FileTransferOptions options = {},
                                                 ProgressCallback progress = {});

    /// The 0.1 argument order (progress before options).
    [[deprecated("pass the options before the progress callback")]] asio::awaitable<Status>
    upload_file(std::string name, ByteView data, ProgressCallback progress,
                FileTransferOptions options = {}) {
        return upload_file(std::move(name), data, options, std::move(progress));
    }
    /// The 0.1 argument order (progress before options).
    [[deprecated("pass the options before the progress callback")]] asio::awaitable<Result<Bytes>>
    download_file(std::string name, ProgressCallback progress, FileTransferOptions options = {}) {
        return download_file(std::move(name), options, std::move(progress));
    }

    /// Closes the transport; pending requests fail with Errc::not_connected.
    void close();

    /// Sizes messages for a device buffer of `buf_size` bytes (and `buf_count` buffers) that
    /// the device did not state: what connect() does with its answer, for a size found
    /// another way (smp::identify's probe of MCUboot serial recovery). Until the next
    /// connect(); params().from_device stays false.
    void assume_buffer_size(std::size_t buf_size, std::size_t buf_count = 1);

    /// What connect() learned or assumed about the device.
    const DeviceParams& params() const noexcept;
    /// A snapshot of the client's counters.
    ClientCounters counters() const;
    /// The SMP version in use (v1 after the device answered in v1).
    Version version() const noexcept;
    /// The transport's address, e.g. "udp://[::1]:1337".
    std::string address() const;
    /// The executor the client runs on.
    asio::any_io_executor get_executor() const;

    struct Impl;

  private:
    // Keeps what it read per connection in the client (src/client/identity_cache.hpp).
    friend asio::awaitable<Result<DeviceInfo>> identify(Client& client);

    template <class R>
    static asio::awaitable<Result<R>> decode_answer(asio::awaitable<Result<RawResponse>> raw) {
        auto answer = co_await std::move(raw);
        if (!answer)
            co_return std::move(answer).error();
        co_return decode_response<R>(answer->payload);
    }

    std::shared_ptr<Impl> impl_;
};

}  // namespace smp
