// SPDX-License-Identifier: Apache-2.0
// smp::Error -> ErrorInfo (see error_info.hpp): the library's names and kinds, no copy.
#include "error_info.hpp"

#include <smp/protocol/error_kind.hpp>

namespace smp::python {

namespace {

/// The Errc's name ("bad_image"), or the category's name for an error of another category.
std::string code_name(const std::error_code& code) {
    if (code.category() != client_category())
        return code.category().name();
    return std::string(errc_name(static_cast<Errc>(code.value())));
}

}  // namespace

ErrorInfo error_info(const Error& error) {
    ErrorInfo info{.kind = std::string(error_kind_name(error_kind(error))),
                   .message = error.message()};
    if (!error.device) {
        info.code = code_name(error.code);
        return info;
    }
    const auto& device = *error.device;
    info.group = device.group;
    info.rc = device.rc;
    info.reason = device.reason;
    info.name = device_error_name(device);
    return info;
}

}  // namespace smp::python
