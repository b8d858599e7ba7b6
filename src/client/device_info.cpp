// SPDX-License-Identifier: Apache-2.0
// What a client talks to (see smp/client/device_info.hpp).
#include <smp/client/device_info.hpp>
#include <smp/protocol/messages/os.hpp>

#include "client/recovery_signs.hpp"

#include <algorithm>
#include <array>
#include <iterator>

namespace smp {

std::string_view to_string(DeviceKind kind) noexcept {
    switch (kind) {
        case DeviceKind::application:
            return "application";
        case DeviceKind::mcuboot_recovery:
            return "mcuboot-recovery";
        case DeviceKind::no_image_group:
            return "no-image-group";
    }
    return "unknown";
}

std::string_view mcuboot_mode_name(std::int64_t mode) noexcept {
    using enum os::McubootMode;
    switch (static_cast<os::McubootMode>(mode)) {
        case single_slot:
            return "single-slot";
        case swap_using_scratch:
            return "swap-using-scratch";
        case overwrite_only:
            return "overwrite-only";
        case swap_using_move:
            return "swap-using-move";
        case direct_xip:
            return "direct-xip";
        case direct_xip_with_revert:
            return "direct-xip-with-revert";
        case ram_load:
            return "ram-load";
        case firmware_loader:
            return "firmware-loader";
        case single_slot_ram_load:
            return "single-slot-ram-load";
        case swap_using_offset:
            return "swap-using-offset";
        case unknown:
            break;
    }
    return "unknown";
}

std::optional<os::McubootMode> DeviceInfo::mode() const {
    if (!mcuboot_mode)
        return std::nullopt;
    if (*mcuboot_mode < -1 || *mcuboot_mode > 9)  // a mode newer than this library
        return os::McubootMode::unknown;
    return static_cast<os::McubootMode>(*mcuboot_mode);
}

const image::ImageSlotState* DeviceInfo::running(std::uint32_t image_number) const {
    for (const auto& slot : slots)
        if (slot.active && slot.image.value_or(0) == image_number)
            return &slot;
    return nullptr;
}

namespace {

// A well-formed CBOR map {"pad": bstr} of exactly `size` bytes (size >= 8): the byte
// string's length always in the 2-byte form, which CBOR allows for any length.
Bytes padding_map(std::size_t size) {
    // Sized first and filled in place: an initializer list grown by resize() trips g++ 12's
    // -O3 -Warray-bounds false positive (as in ImageVersion::to_string).
    const std::size_t n = size - 8;
    Bytes map(size, 0);
    const std::uint8_t head[] = {0xa1,
                                 0x63,
                                 'p',
                                 'a',
                                 'd',
                                 0x59,
                                 static_cast<std::uint8_t>(n >> 8),
                                 static_cast<std::uint8_t>(n & 0xff)};
    std::copy(std::begin(head), std::end(head), map.begin());
    return map;
}

// MCUboot serial recovery has no echo, but it lists the images whatever the request carries
// (boot_serial.c: bs_list does not read the payload) and drops a packet larger than its
// receive buffer (boot_serial_in_dec fails, nothing is answered). So an image list read
// padded to a budget is answered exactly when that budget fits. Candidates: the Zephyr
// Kconfig default of BOOT_SERIAL_MAX_RECEIVE_SIZE (1024), then boot_serial.c's own default
// of MCUBOOT_SERIAL_MAX_RECEIVE_SIZE (512). A silent probe costs its timeout.
constexpr std::array<std::size_t, 2> recovery_buffer_candidates{1024, 512};
constexpr std::chrono::milliseconds recovery_probe_timeout{1500};
constexpr std::size_t smp_header_size = 8;

asio::awaitable<Result<std::optional<std::size_t>>> probe_recovery_buffer(Client& client) {
    for (const std::size_t buf_size : recovery_buffer_candidates) {
        client.assume_buffer_size(buf_size);
        const std::size_t budget = client.params().message_budget;
        if (budget < smp_header_size + 8)
            continue;
        RawRequest probe{.group = to_underlying(Group::image),
                         .command = image::StateRead::command,
                         .op = Op::read,
                         .payload = padding_map(budget - smp_header_size),
                         .idempotent = false,  // one attempt: silence is the answer
                         .timeout = recovery_probe_timeout};
        auto answer = co_await client.request_raw(std::move(probe));
        if (answer)
            co_return std::optional<std::size_t>{buf_size};
        if (answer.error().code != make_error_code(Errc::timeout))
            co_return std::move(answer).error();
    }
    // Nothing fitted: connect() again puts back its fallback budget.
    if (auto back = co_await client.connect(); !back)
        co_return std::move(back).error();
    co_return std::optional<std::size_t>{};
}

// A list with an active slot, or an empty one. Recovery built with
// MCUBOOT_SERIAL_IMG_GRP_IMAGE_STATE flags its slot 0 active like an application, and a blank
// board in recovery lists nothing. Recovery has a single receive buffer (boot_serial.c
// answers the params command with buf_count 1, or not at all) and answers echo only when
// built with MCUBOOT_BOOT_MGMT_ECHO; a Zephyr application pools its buffers and answers
// echo (os_mgmt's default). An application without both commands passes for recovery.
asio::awaitable<Result<DeviceKind>> kind_by_buffers_and_echo(Client& client) {
    if (const auto by_buffers = detail::recovery_by_buffers(client.params()))
        co_return *by_buffers ? DeviceKind::mcuboot_recovery : DeviceKind::application;
    const os::Echo echo{.d = "smp"};
    auto answer = co_await client.request(echo);
    if (!answer && !answer.error().device)
        co_return std::move(answer).error();
    co_return answer ? DeviceKind::application : DeviceKind::mcuboot_recovery;
}

}  // namespace

asio::awaitable<Result<DeviceInfo>> identify(Client& client) {
    DeviceInfo info;
    const image::StateRead list;  // named locals: see the g++ 12 note in client.hpp
    auto state = co_await client.request(list);
    if (!state && !state.error().device)
        co_return std::move(state).error();
    if (!state) {
        info.kind = DeviceKind::no_image_group;
    } else {
        info.slots = std::move(state->images);
        // An application always runs an image, so its list marks a slot active. MCUboot's
        // serial recovery (boot_serial.c, bs_list) lists the slots it finds with no flags.
        bool any_active = false;
        for (const auto& slot : info.slots)
            any_active = any_active || slot.active;
        if (!any_active && !info.slots.empty()) {
            info.kind = DeviceKind::mcuboot_recovery;
        } else {
            auto kind = co_await kind_by_buffers_and_echo(client);
            if (!kind)
                co_return std::move(kind).error();
            info.kind = *kind;
        }
    }
    if (info.kind == DeviceKind::mcuboot_recovery && !client.params().from_device &&
        !client.params().size_named) {
        auto found = co_await probe_recovery_buffer(client);
        if (!found)
            co_return std::move(found).error();
        info.found_buffer_size = *found;
    }
    const os::BootloaderInfo name_query;
    if (auto name = co_await client.request(name_query); name) {
        info.bootloader = name->bootloader;
        const os::BootloaderInfo mode_query{.query = "mode"};
        if (auto mode = co_await client.request(mode_query); mode) {
            info.mcuboot_mode = mode->mode;
            info.no_downgrade = mode->no_downgrade;
        }
    } else if (!name.error().device) {
        co_return std::move(name).error();
    }
    co_return info;
}

}  // namespace smp
