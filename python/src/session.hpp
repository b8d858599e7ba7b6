// SPDX-License-Identifier: Apache-2.0
#pragma once
// smpcore._core.Session: one smp::Client on its own I/O thread. Each operation starts at
// once and returns an Operation; when it ends, `done(value, error)` is called on the I/O
// thread with the GIL held (value: the result as Python objects, or None; error: an
// ErrorInfo, or None). The Python layer turns that into a blocking call (smpcore.Client)
// or an awaitable (smpcore.AsyncClient, via call_soon_threadsafe). No operation holds the
// GIL while it waits for the device; progress and step callbacks take it for their call.
#include "shared_object.hpp"

#include <smp/client/client.hpp>
#include <smp/client/upgrade.hpp>

#include <asio/cancellation_signal.hpp>
#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace smp::python {

/// A started operation; cancel() asks it to stop (Asio per-operation cancellation), after
/// which `done` reports Errc::cancelled (or the result, if it had already finished).
class Operation {
  public:
    Operation(std::weak_ptr<asio::io_context> io,
              std::shared_ptr<asio::cancellation_signal> signal);
    void cancel();

  private:
    std::weak_ptr<asio::io_context> io_;
    std::shared_ptr<asio::cancellation_signal> signal_;
};

/// What smp::upgrade is asked to do (UpgradeOptions without the upload's tuning).
struct UpgradeSettings {
    bool confirm_directly = false;
    bool confirm_after_verify = true;
    bool via_bootloader = false;
    double reconnect_timeout_s = 30;
};

class Session {
  public:
    /// `uri` as smpctl takes it (smp/client/connection_uri.hpp). Throws std::invalid_argument
    /// (ValueError in Python) for a bad URI, std::runtime_error for a USB selector naming no
    /// port or a transport this build lacks. `log(level, line)` gets the client's log lines on
    /// the I/O thread, the level as Python's logging numbers (DEBUG 10, INFO 20, WARNING 30);
    /// None: no log.
    Session(const std::string& uri, double timeout_s, unsigned retries, nb::object log);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    /// Resolves to the device's parameters as a dict (DeviceParams' fields).
    std::shared_ptr<Operation> connect(nb::object done);
    /// Resolves to the decoded response map; a device error in it is an error.
    std::shared_ptr<Operation> request(std::uint16_t group, std::uint8_t command, bool write,
                                       nb::handle payload, std::optional<double> timeout_s,
                                       nb::object done);
    /// Resolves to {"match": bool | None, "sends": n, "resends": n, ...}.
    std::shared_ptr<Operation> upload_image(nb::bytes image, std::optional<std::uint32_t> slot,
                                            std::optional<bool> upgrade,
                                            std::optional<std::size_t> window, nb::object progress,
                                            nb::object done);
    /// Resolves to UpgradeResult's fields as a dict. `on_step(step, message)`.
    std::shared_ptr<Operation> upgrade(nb::bytes image, const UpgradeSettings& settings,
                                       nb::object on_step, nb::object progress, nb::object done);
    /// smp::identify: resolves to DeviceInfo's fields as a dict (the slots as image list
    /// entries, the way the device answers image state: hash as bytes).
    std::shared_ptr<Operation> identify(nb::object done);
    /// Resolves to None.
    std::shared_ptr<Operation> upload_file(const std::string& name, nb::bytes data,
                                           nb::object progress, nb::object done);
    /// Resolves to the file's bytes.
    std::shared_ptr<Operation> download_file(const std::string& name, nb::object progress,
                                             nb::object done);

    /// Closes the transport and ends the I/O thread (pending operations end cancelled or
    /// not connected). Idempotent; call without the GIL.
    void close();
    const std::string& uri() const noexcept { return uri_; }
    /// The lowest level `log` is called for (Python's numbers): lines below it are dropped on
    /// the I/O thread without taking the GIL. Python sets it from its logger's level.
    int log_level() const noexcept { return log_level_->load(); }
    void set_log_level(int level) noexcept { log_level_->store(level); }

  private:
    template <class Start, class Convert>
    std::shared_ptr<Operation> start(Start start, Convert convert, nb::object done);

    std::string uri_;
    std::shared_ptr<std::atomic<int>> log_level_ = std::make_shared<std::atomic<int>>(0);
    std::shared_ptr<asio::io_context> io_;
    asio::executor_work_guard<asio::io_context::executor_type> work_;
    std::unique_ptr<Client> client_;
    std::thread thread_;
    /// The operations' signals, for close(); used on the I/O thread only.
    std::vector<std::weak_ptr<asio::cancellation_signal>> running_;
};

}  // namespace smp::python
