// SPDX-License-Identifier: Apache-2.0
// What a client talks to (see smp/client/device_info.hpp).
#include <smp/client/device_info.hpp>
#include <smp/protocol/messages/os.hpp>

#include "client/client_impl.hpp"

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
    return os::to_string(os::mcuboot_mode_from_number(mode));
}

std::optional<os::McubootMode> DeviceInfo::mode() const {
    if (!mcuboot_mode)
        return std::nullopt;
    return os::mcuboot_mode_from_number(*mcuboot_mode);
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

// The image list: nullopt when the device does not manage images (it refuses the read).
asio::awaitable<Result<std::optional<std::vector<image::ImageSlotState>>>> read_list(
    Client& client) {
    const image::StateRead list;  // named locals: see the g++ 12 note in client.hpp
    auto state = co_await client.request(list);
    if (!state && !state.error().device)
        co_return std::move(state).error();
    if (!state)
        co_return std::optional<std::vector<image::ImageSlotState>>{};
    co_return std::optional{std::move(state->images)};
}

// Bootloader info, its name and, when it has one, its mode. Devices without the command
// (smp_svr builds, MCUboot recovery) answer "not supported", which leaves these empty.
asio::awaitable<Status> read_bootloader(Client& client, DeviceInfo& info) {
    const os::BootloaderInfo name_query;
    auto name = co_await client.request(name_query);
    if (!name && !name.error().device)
        co_return std::move(name).error();
    if (!name)
        co_return Unit{};
    info.bootloader = name->bootloader;
    const os::BootloaderInfo mode_query{.query = "mode"};
    if (auto mode = co_await client.request(mode_query); mode) {
        info.mcuboot_mode = mode->mode;
        info.no_downgrade = mode->no_downgrade;
    } else if (!mode.error().device) {
        co_return std::move(mode).error();
    }
    co_return Unit{};
}

DeviceSigns signs_of(const DeviceParams& params, const DeviceInfo& info) {
    DeviceSigns signs;
    if (params.from_device)
        signs.buf_count = params.buf_count;
    signs.bootloader_info = info.bootloader.has_value();
    signs.listed_slots = info.slots.size();
    for (const auto& slot : info.slots)
        signs.active_slot = signs.active_slot || slot.active;
    return signs;
}

// The kind from the signs read; the echo only when they do not decide.
asio::awaitable<Result<DeviceKind>> decide_kind(Client& client, DeviceSigns signs) {
    if (const auto kind = classify_device(signs))
        co_return *kind;
    const os::Echo echo{.d = "smp"};
    auto answer = co_await client.request(echo);
    if (!answer && !answer.error().device)
        co_return std::move(answer).error();
    signs.echo = answer.has_value();
    co_return classify_device(signs).value_or(DeviceKind::mcuboot_recovery);
}

// Everything, read from the device.
asio::awaitable<Result<DeviceInfo>> read_identity(Client& client) {
    DeviceInfo info;
    auto list = co_await read_list(client);
    if (!list)
        co_return std::move(list).error();
    if (auto bootloader = co_await read_bootloader(client, info); !bootloader)
        co_return std::move(bootloader).error();
    if (!*list) {
        info.kind = DeviceKind::no_image_group;
        co_return info;
    }
    info.slots = std::move(**list);
    auto kind = co_await decide_kind(client, signs_of(client.params(), info));
    if (!kind)
        co_return std::move(kind).error();
    info.kind = *kind;
    if (info.kind == DeviceKind::mcuboot_recovery && !client.params().from_device &&
        !client.params().size_named) {
        auto found = co_await probe_recovery_buffer(client);
        if (!found)
            co_return std::move(found).error();
        info.found_buffer_size = *found;
    }
    co_return info;
}

}  // namespace

asio::awaitable<Result<DeviceInfo>> identify(Client& client) {
    auto impl = client.impl_;  // the cache lives as long as the read
    auto& cache = impl->identity;
    if (cache.info && !cache.slots_current && cache.info->kind != DeviceKind::no_image_group) {
        // Written to since: the kind and the bootloader stand, the list is read again.
        auto list = co_await read_list(client);
        if (!list)
            co_return std::move(list).error();
        if (*list)
            cache.info->slots = std::move(**list);
        cache.slots_current = true;
    }
    if (cache.info)
        co_return *cache.info;
    auto info = co_await read_identity(client);
    if (!info)
        co_return std::move(info).error();
    cache.info = *info;
    cache.slots_current = true;
    co_return info;
}

}  // namespace smp
