// SPDX-License-Identifier: Apache-2.0
// smp::BlockingClient (see smp/client/blocking_client.hpp).
#include <smp/client/blocking_client.hpp>

#include <smp/detail/asio_compat.hpp>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>

#include <future>
#include <optional>
#include <thread>

namespace smp {

struct BlockingClient::Impl {
    Impl(const TransportFactory& make_transport, ClientOptions options)
        : work(asio::make_work_guard(io)),
          client(io.get_executor(), make_transport(io.get_executor()), std::move(options)),
          thread([this] { io.run(); }) {}

    ~Impl() {
        asio::post(io, [this] { client.close(); });
        work.reset();
        io.stop();
        thread.join();
    }

    /// Runs an operation on the I/O thread and waits for its result.
    template <class T, class Op>
    T run(Op op) {
        std::promise<std::optional<T>> promise;
        auto future = promise.get_future();
        asio::co_spawn(
            io, [&]() -> asio::awaitable<void> { promise.set_value(co_await op()); },
            [&](std::exception_ptr e) {
                if (e)
                    promise.set_exception(e);
            });
        return std::move(*future.get());
    }

    asio::io_context io{1};
    asio::executor_work_guard<asio::io_context::executor_type> work;
    Client client;
    std::thread thread;
};

BlockingClient::BlockingClient(const TransportFactory& make_transport, ClientOptions options)
    : impl_(std::make_unique<Impl>(make_transport, std::move(options))) {}

BlockingClient::BlockingClient(UdpOptions udp, ClientOptions options)
    : BlockingClient(
          [udp = std::move(udp)](asio::any_io_executor ex) {
              return make_udp_transport(std::move(ex), udp);
          },
          std::move(options)) {}

BlockingClient::~BlockingClient() = default;

Status BlockingClient::connect() {
    return impl_->run<Status>([this] { return impl_->client.connect(); });
}

Result<RawResponse> BlockingClient::request_raw(RawRequest request) {
    return impl_->run<Result<RawResponse>>(
        [this, &request] { return impl_->client.request_raw(std::move(request)); });
}

Result<UploadResult> BlockingClient::upload_image(ByteView image, UploadOptions options,
                                                  ProgressCallback progress) {
    return impl_->run<Result<UploadResult>>(
        [&] { return impl_->client.upload_image(image, options, std::move(progress)); });
}

Status BlockingClient::upload_file(const std::string& name, ByteView data,
                                   FileTransferOptions options, ProgressCallback progress) {
    return impl_->run<Status>(
        [&] { return impl_->client.upload_file(name, data, options, std::move(progress)); });
}

Result<Bytes> BlockingClient::download_file(const std::string& name, FileTransferOptions options,
                                            ProgressCallback progress) {
    return impl_->run<Result<Bytes>>(
        [&] { return impl_->client.download_file(name, options, std::move(progress)); });
}

Result<DeviceInfo> BlockingClient::identify() {
    return impl_->run<Result<DeviceInfo>>([&] { return smp::identify(impl_->client); });
}

Result<UpgradeResult> BlockingClient::upgrade(ByteView image, UpgradeOptions options,
                                              UpgradeCallback on_step, ProgressCallback progress) {
    return impl_->run<Result<UpgradeResult>>([&] {
        return smp::upgrade(impl_->client, image, std::move(options), std::move(on_step),
                            std::move(progress));
    });
}

void BlockingClient::close() {
    std::promise<void> done;
    asio::post(impl_->io, [&] {
        impl_->client.close();
        done.set_value();
    });
    done.get_future().wait();
}

const DeviceParams& BlockingClient::params() const {
    return impl_->client.params();
}
ClientCounters BlockingClient::counters() const {
    return impl_->client.counters();
}

}  // namespace smp
