// SPDX-License-Identifier: Apache-2.0
// smpcore._core: the C++ SMP client for Python. Low level on purpose: the typed, documented
// API (smpcore.Client, smpcore.AsyncClient, the group helpers, the exceptions) is Python in
// smpcore/, built on Session's start-an-operation-and-call-back form.
#include "error_info.hpp"
#include "session.hpp"

#include <smp/client/connection_uri.hpp>

#include <nanobind/stl/optional.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>

namespace nb = nanobind;
using namespace nb::literals;
using smp::python::ErrorInfo;
using smp::python::Operation;
using smp::python::Session;
using smp::python::UpgradeSettings;

namespace {

void bind_error_info(nb::module_& m) {
    nb::class_<ErrorInfo>(m, "ErrorInfo", "A failed operation, as the C++ library reports it.")
        .def_ro("kind", &ErrorInfo::kind,
                "the library's kind of failure: 'device', 'timeout', 'transport', 'cancelled', "
                "'protocol', 'bad_input', ... ('error' for an unexpected exception)")
        .def_ro("message", &ErrorInfo::message, "one line for people")
        .def_ro("code", &ErrorInfo::code, "the library's error code name, e.g. 'bad_image'")
        .def_ro("group", &ErrorInfo::group, "device errors: the SMP v2 group, if any")
        .def_ro("rc", &ErrorInfo::rc, "device errors: the return code")
        .def_ro("name", &ErrorInfo::name, "device errors: Zephyr's name, e.g. 'MGMT_ERR_EINVAL'")
        .def_ro("reason", &ErrorInfo::reason, "device errors: the device's own text");
}

void bind_upgrade_settings(nb::module_& m) {
    nb::class_<UpgradeSettings>(m, "UpgradeSettings", "What the upgrade routine is asked to do.")
        .def(nb::init<>())
        .def_rw("confirm_directly", &UpgradeSettings::confirm_directly)
        .def_rw("confirm_after_verify", &UpgradeSettings::confirm_after_verify)
        .def_rw("via_bootloader", &UpgradeSettings::via_bootloader)
        .def_rw("reconnect_timeout_s", &UpgradeSettings::reconnect_timeout_s);
}

void bind_session(nb::module_& m) {
    nb::class_<Operation>(m, "Operation", "A started operation of a Session.")
        .def("cancel", &Operation::cancel, "Asks the operation to stop; `done` still comes.");
    // Every start call returns at once; `done(value, error)` comes on the I/O thread.
    nb::class_<Session>(m, "Session", "One device connection and its C++ I/O thread.")
        .def(nb::init<const std::string&, double, unsigned, nb::object>(), "uri"_a,
             "timeout"_a = 3.0, "retries"_a = 2u, "log"_a = nb::none())
        .def_prop_ro("uri", &Session::uri)
        .def_prop_rw("log_level", &Session::log_level, &Session::set_log_level,
                     "log() is called for this level (logging's numbers) and above")
        .def("connect", &Session::connect, "done"_a)
        .def("request", &Session::request, "group"_a, "command"_a, "write"_a, "payload"_a,
             "timeout"_a.none(), "done"_a)
        .def("upload_image", &Session::upload_image, "image"_a, "slot"_a.none(), "upgrade"_a.none(),
             "window"_a.none(), "progress"_a.none(), "done"_a)
        .def("upgrade", &Session::upgrade, "image"_a, "settings"_a, "on_step"_a.none(),
             "progress"_a.none(), "done"_a)
        .def("identify", &Session::identify, "done"_a)
        .def("upload_file", &Session::upload_file, "name"_a, "data"_a, "progress"_a.none(),
             "done"_a)
        .def("download_file", &Session::download_file, "name"_a, "progress"_a.none(), "done"_a)
        .def("close", &Session::close, nb::call_guard<nb::gil_scoped_release>());
}

}  // namespace

NB_MODULE(_core, m) {
    m.doc() = "smpcore's C++ core (smpclient): sessions, operations and their errors.";
    bind_error_info(m);
    bind_upgrade_settings(m);
    bind_session(m);
    m.def(
        "connection_uri_help", [] { return std::string(smp::connection_uri_help()); },
        "The accepted connection URI forms.");
}
