// SPDX-License-Identifier: Apache-2.0
#pragma once
// How two devices' answers to one request differ: the header (op, version, flags, group,
// sequence, command), the error (v1 "rc", v2 "err" {group, rc}) and the payload, key by key
// and type by type, with the values. Each difference has a path ("/header/version",
// "/tasks/idle/stkuse", "/" for a whole answer) so that an allow-list can name it.
#include <smp/protocol/bytes.hpp>

#include <optional>
#include <string>
#include <vector>

namespace smp_zephyr {

struct Difference {
    enum class Kind { value, shape };  ///< the same type with other values, or anything else
    std::string path{};
    Kind kind = Kind::shape;
    std::string real{};      ///< what the real server had there
    std::string emulated{};  ///< what smpsim had there
};

/// The differences between the real server's answer and smpsim's (nullopt: no answer).
std::vector<Difference> diff_answers(const std::optional<smp::Bytes>& real,
                                     const std::optional<smp::Bytes>& emulated);

/// An answer for a failure message: header fields and the payload as JSON.
std::string describe_answer(const std::optional<smp::Bytes>& answer);

}  // namespace smp_zephyr
