// SPDX-License-Identifier: Apache-2.0
#pragma once
// The Go tool's image state text (newtmgr/cli/image.go imageStatePrintRsp), which scripts
// such as Zephyr's twister_harness parse line by line.
#include <smp/protocol/messages/image.hpp>

#include <string>

namespace mcumgr {

std::string image_state_text(const smp::image::StateResponse& state);

/// Go's hex.DecodeString, with its error texts ("encoding/hex: invalid byte: U+0067 'g'").
/// Throws UsageError.
smp::Bytes decode_hex(const std::string& text);

}  // namespace mcumgr
