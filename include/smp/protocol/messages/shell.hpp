// SPDX-License-Identifier: Apache-2.0
#pragma once
// Shell management, group 9 (Zephyr smp_group_9.rst, shell_mgmt.c; shared/protocol.md §4.5).
#include <smp/protocol/message.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/// Shell management, group 9: run a shell command and capture its output.
namespace smp::shell {

/// The command's output and return code. Devices built with
/// CONFIG_MCUMGR_GRP_SHELL_LEGACY_RC_RETURN_CODE send the return code as "rc" instead of
/// "ret"; decode_response then keeps a non-zero "rc" next to "o" as the command's result
/// here instead of reporting a device error.
struct ExecResponse {
    std::string o{};                    ///< captured shell output
    std::optional<std::int64_t> ret{};  ///< command return code (current Zephyr)
    std::optional<std::int64_t> rc{};   ///< command return code (legacy devices)
    Extra extra{};                      ///< keys this type does not know, kept as CBOR

    /// The command's return code, whichever key carried it (0 when neither did).
    std::int64_t return_code() const noexcept { return ret ? *ret : rc.value_or(0); }
    /// Field-by-field equality.
    friend bool operator==(const ExecResponse&, const ExecResponse&) = default;
};
/// Execute a shell command (0, write); the device joins argv with single spaces.
struct Exec {
    static constexpr Group group = Group::shell;  ///< header group id: shell (9)
    static constexpr std::uint8_t command = 0;    ///< header command id
    static constexpr Op op = Op::write;           ///< header op of the request (write)
    using Response = ExecResponse;                ///< payload type of the device's answer
    std::vector<std::string> argv{};  ///< the command and its arguments, e.g. {"kernel", "uptime"}
    /// Field-by-field equality.
    friend bool operator==(const Exec&, const Exec&) = default;
};

}  // namespace smp::shell
