// SPDX-License-Identifier: Apache-2.0
#pragma once
// smp::BlockingClient: a synchronous facade over smp::Client for scripts and simple tools.
// It runs its own io_context on its own I/O thread; each call blocks until its result.
// Thread safety: one call at a time. Results and errors are those of smp::Client.
#include <smp/client/client.hpp>
#include <smp/client/device_info.hpp>
#include <smp/client/upgrade.hpp>
#include <smp/transport/udp.hpp>

#include <functional>
#include <memory>

namespace smp {

/// A Client with blocking calls: it owns an io_context run by its own I/O thread; each call
/// runs the matching Client operation there and waits for its Result (or Status).
class BlockingClient {
  public:
    /// Makes the transport on the client's executor.
    using TransportFactory = std::function<std::unique_ptr<Transport>(asio::any_io_executor)>;

    /// A client for the transport `make_transport` makes; the I/O thread starts here.
    BlockingClient(const TransportFactory& make_transport, ClientOptions options = {});
    /// A client for a UDP device.
    explicit BlockingClient(UdpOptions udp, ClientOptions options = {});
    ~BlockingClient();
    BlockingClient(const BlockingClient&) = delete;
    BlockingClient& operator=(const BlockingClient&) = delete;

    /// Client::connect: opens the transport and reads the device's MCUmgr parameters.
    Status connect();

    /// Client::request: sends a typed request and decodes its typed response.
    template <RequestMessage M>
    Result<typename M::Response> request(const M& message) {
        auto raw = request_raw(
            RawRequest{to_underlying(M::group), M::command, M::op, encode_payload(message)});
        if (!raw)
            return std::move(raw).error();
        return decode_response<typename M::Response>(raw->payload);
    }

    /// Client::request_raw: one request, the response's payload undecoded.
    Result<RawResponse> request_raw(RawRequest request);

    /// `progress` is called on the I/O thread.
    Result<UploadResult> upload_image(ByteView image, UploadOptions options = {},
                                      ProgressCallback progress = {});

    /// Client::upload_file / download_file; `progress` is called on the I/O thread.
    Status upload_file(const std::string& name, ByteView data, FileTransferOptions options = {},
                       ProgressCallback progress = {});
    /// Client::download_file; `progress` is called on the I/O thread.
    Result<Bytes> download_file(const std::string& name, FileTransferOptions options = {},
                                ProgressCallback progress = {});
    /// The 0.1 argument order (progress before options).
    [[deprecated("pass the options before the progress callback")]] Status upload_file(
        const std::string& name, ByteView data, ProgressCallback progress,
        FileTransferOptions options = {}) {
        return upload_file(name, data, options, std::move(progress));
    }
    /// The 0.1 argument order (progress before options).
    [[deprecated("pass the options before the progress callback")]] Result<Bytes> download_file(
        const std::string& name, ProgressCallback progress, FileTransferOptions options = {}) {
        return download_file(name, options, std::move(progress));
    }

    /// smp::identify on this client: what the device is (application, MCUboot serial
    /// recovery) and its bootloader's mode.
    Result<DeviceInfo> identify();

    /// smp::upgrade on this client; `on_step` and `progress` are called on the I/O thread.
    Result<UpgradeResult> upgrade(ByteView image, UpgradeOptions options = {},
                                  UpgradeCallback on_step = {}, ProgressCallback progress = {});

    /// Client::close: closes the transport; pending requests fail with Errc::not_connected.
    void close();
    /// Client::params: what connect() learned or assumed about the device.
    const DeviceParams& params() const;
    /// Client::counters: a snapshot of the client's counters.
    ClientCounters counters() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace smp
