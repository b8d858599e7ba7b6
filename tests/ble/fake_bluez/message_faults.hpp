// SPDX-License-Identifier: Apache-2.0
#pragma once
// Faults on whole SMP messages between the client and the fake device, one direction each,
// decided by smp::server::FaultInjector: the same seeded verdicts (loss, duplication,
// reordering, corruption) as smpsim applies to its datagrams and frames.
//
// Why per message and not per ATT packet: the BLE link layer acknowledges and retransmits
// every packet behind a CRC, so a real link neither loses nor damages a piece of a message;
// what a BLE client does see is a whole request or response missing (no free net_buf on the
// device, a reset), repeated or late. Corruption touches only the payload: a damaged SMP
// length would desynchronise the notification stream, which no real link can do.
#include <smp/protocol/bytes.hpp>
#include <smp/server/fault_injector.hpp>

#include <asio.hpp>

#include <functional>

namespace fake_bluez {

class MessageFaults {
  public:
    using Deliver = std::function<void(smp::Bytes)>;

    MessageFaults(asio::io_context& io, const smp::server::LinkConfig& link, const char* direction);

    /// Lets `message` through the faulty link: `deliver` runs zero, one or two times, now or
    /// after the next message (at most max_hold_back later).
    void pass(smp::Bytes message, Deliver deliver);
    /// The link went down: a message held back is lost with it.
    void clear();

  private:
    void release_held();

    smp::server::FaultInjector faults_;
    const char* direction_;
    asio::steady_timer hold_timer_;
    std::function<void()> held_{};
};

}  // namespace fake_bluez
