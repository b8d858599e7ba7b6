// SPDX-License-Identifier: Apache-2.0
#pragma once
// From the Go tool's connection settings (a profile, --conntype, --connstring, --connextra,
// --name, --hci) to one of our connection URIs. The connstring forms are the Go tool's:
// serial "DEV" or "dev=DEV,baud=N,mtu=N"; udp "HOST:PORT" or "[IPV6]:PORT";
// ble "peer_name=NAME" or "peer_id=ADDRESS" (plus ctlr_name, own_addr_type, conn_timeout).
#include "command.hpp"
#include "profiles.hpp"

#include <string>

namespace mcumgr {

/// The profile the command line selects (newtmgr/cli/common.go initConnProfile). Throws
/// UsageError with the Go tool's words.
ConnProfile selected_profile(const Invocation& invocation, const ProfileStore& store);

/// Our connection URI for the profile. Throws UsageError for a malformed connstring (the Go
/// tool's message) or a connection type this mcumgr does not speak.
std::string connection_uri(const ConnProfile& profile, const Invocation& invocation);

/// The serial device a profile names ("" for other types): opened first, so that a missing
/// device is reported as the Go tool reports it.
std::string serial_device(const ConnProfile& profile);

}  // namespace mcumgr
