// SPDX-License-Identifier: Apache-2.0
#pragma once
// Everything the device remembers: flash and boot state (persistent), RTC, and the
// registered management groups. Private to smp_server.
#include "server/boot.hpp"
#include "server/flash.hpp"
#include "server/handler.hpp"

#include <memory>
#include <optional>
#include <vector>

namespace smp::server {

/// The RTC: unset after power-on (os_mgmt answers RTC_NOT_SET) until a date-time set.
struct Rtc {
    std::int64_t epoch_ms_at_set = 0;
    Duration set_at{0};
};

struct RecoveryState;  // MCUboot serial recovery (recovery.cpp)

class Models {
  public:
    explicit Models(const DeviceConfig& config);
    ~Models();

    const DeviceConfig& config;
    Flash flash;
    Boot boot;
    /// The firmware answering now: the configured one, or MCUboot serial recovery for the
    /// boot after a reset with boot_mode 1.
    Personality running;
    /// The retention boot mode os reset wrote (bootmode_set): BOOT_MODE_TYPE_BOOTLOADER
    /// asks MCUboot to stay in serial recovery at the next boot (boot/zephyr/io.c).
    bool boot_into_bootloader = false;
    std::optional<Rtc> rtc{};
    std::uint64_t requests = 0;  ///< processed since power-on (stats)
    /// The injected power loss at config.reset_at_upload_offset happens once per process,
    /// so the upload that follows the reboot can complete (as after a real power cut).
    bool upload_reset_fired = false;
    std::vector<std::unique_ptr<GroupHandler>> groups{};
    std::shared_ptr<RecoveryState> recovery{};  ///< used by the mcuboot_serial personality

    GroupHandler* find(std::uint16_t id) const;
    /// The handler of group `id`, or nullptr for a group smpsim does not have.
    static std::unique_ptr<GroupHandler> make_group(std::uint16_t id, Models& models);
    /// The running firmware's SMP buffer: MCUboot recovery entered by boot_mode has its
    /// own (recovery_buf_size), a device started as recovery uses buf_size.
    std::size_t buf_size() const;
    /// RAM state is lost; MCUboot runs, then stays in serial recovery if asked to.
    void on_reset();
    void load();
    void flush();
};

/// Processes one transport packet (one or more SMP messages) like smp_process_request_packet
/// and returns the response messages. `response_buffer` false models a failed response
/// allocation (rc 2).
/// The MCUboot serial-recovery request loop (shared/protocol.md §7): one message per packet.
std::vector<Bytes> dispatch_recovery_packet(Models& models, ByteView packet, Effects& effects);
void reset_recovery(Models& models);

/// Writes a confirmed factory image (version 1.0.0) into an erased slot 0: a real device
/// always runs an image (factory_image.cpp).
void install_factory_image(Flash& flash);

std::vector<Bytes> dispatch_packet(Models& models, ByteView packet, Duration now, Effects& effects,
                                   bool response_buffer);

}  // namespace smp::server
