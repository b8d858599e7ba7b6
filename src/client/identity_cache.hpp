// SPDX-License-Identifier: Apache-2.0
#pragma once
// What smp::identify learned on one connection, kept in the client (Client::Impl) so that
// each thing is read once per connection: the device's kind, bootloader and mode cannot
// change while it stays connected (a reset ends the connection: connect() forgets them); its
// image list can, with any write request (an upload, a state write, an erase), which marks
// the list stale.
#include <smp/client/device_info.hpp>

#include <optional>

namespace smp::detail {

struct IdentityCache {
    std::optional<DeviceInfo> info{};
    bool slots_current = false;

    void forget() { *this = IdentityCache{}; }
    void written() { slots_current = false; }
};

}  // namespace smp::detail
