// SPDX-License-Identifier: Apache-2.0
// CBOR mapping of the shell group's messages (keys from Zephyr shell_mgmt.c).
#include <smp/protocol/messages/shell.hpp>

#include "protocol/codec/describe.hpp"

namespace smp::codec {
using namespace smp::shell;

template <>
struct Describe<Exec> {
    static constexpr std::string_view name = "shell::Exec";
    static constexpr auto fields = std::make_tuple(field("argv", &Exec::argv));
};
template <>
struct Describe<ExecResponse> {
    static constexpr std::string_view name = "shell::ExecResponse";
    static constexpr auto fields =
        std::make_tuple(field("o", &ExecResponse::o), field("ret", &ExecResponse::ret),
                        field("rc", &ExecResponse::rc));
    // With the legacy rc option the command's return is "rc" beside the output "o"; an
    // SMP-level error response never carries "o" (shell_mgmt.c, smp.c).
    static constexpr std::string_view rc_is_result_with = "o";
};

}  // namespace smp::codec

SMP_DEFINE_CODEC(smp::shell::Exec)
SMP_DEFINE_CODEC(smp::shell::ExecResponse)
