// SPDX-License-Identifier: Apache-2.0
#pragma once
// What Python learns of a failed operation: smp::Error flattened into plain fields, from
// which smpcore/errors.py builds DeviceError, SmpTimeoutError, TransportError, ...
#include <smp/protocol/error.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace smp::python {

struct ErrorInfo {
    /// smp::error_kind_name: "device", "timeout", "transport", "cancelled", "protocol",
    /// "bad_input", ... (smp/protocol/error_kind.hpp lists them all).
    std::string kind{};
    std::string message{};  ///< Error::message(): one line for people
    std::string code{};     ///< the library's code, e.g. "bad_image" (empty for device errors)
    std::optional<std::uint16_t> group{};  ///< device errors: the SMP v2 group
    std::int64_t rc = 0;                   ///< device errors: rc (v1) or the group's rc
    std::string
        name{};  ///< device errors: smp::device_error_name, "MGMT_ERR_EINVAL", "IMG_MGMT_ERR_..."
    std::string reason{};  ///< device errors: the device's own text
};

ErrorInfo error_info(const Error& error);

}  // namespace smp::python
