// SPDX-License-Identifier: Apache-2.0
// OS management, group 0, as Zephyr's grp/os_mgmt/src/os_mgmt.c answers it
// (shared/protocol.md §4.0).
#include <smp/protocol/messages/os.hpp>

#include "server/groups/command_table.hpp"
#include "server/groups/groups.hpp"
#include "server/mode_traits.hpp"
#include "server/models.hpp"

#include <array>
#include <cstdio>

namespace smp::server {
namespace {

// CONFIG_MCUMGR_GRP_OS_RESET_MS default.
constexpr Duration reset_delay = std::chrono::milliseconds(250);

// include/zephyr/retention/bootmode.h BOOT_MODE_TYPE_BOOTLOADER.
constexpr std::uint64_t boot_mode_bootloader = 1;

// Days since 1970-01-01 of a civil date (proleptic Gregorian; H. Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::string format_datetime(std::int64_t epoch_ms) {
    std::int64_t secs = epoch_ms / 1000;
    std::int64_t days = secs / 86400;
    std::int64_t rem = secs % 86400;
    if (rem < 0) {
        rem += 86400;
        --days;
    }
    // civil_from_days
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y0 = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = y0 + (m <= 2);
    std::array<char, 64> buf{};
    std::snprintf(buf.data(), buf.size(), "%04lld-%02u-%02uT%02lld:%02lld:%02lld",
                  static_cast<long long>(y), m, d, static_cast<long long>(rem / 3600),
                  static_cast<long long>(rem / 60 % 60), static_cast<long long>(rem % 60));
    return buf.data();
}

// os_mgmt.c datetime_set: 19..25 characters, six numbers each followed by one delimiter
// character; ranges checked; no time zone.
std::optional<std::int64_t> parse_datetime(const std::string& text) {
    if (text.size() < 19 || text.size() > 25)
        return std::nullopt;
    std::array<long, 6> v{};
    std::size_t at = 0;
    for (std::size_t i = 0; i < v.size(); ++i) {
        const std::size_t start = at;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9' && at - start < 6)
            v[i] = v[i] * 10 + (text[at++] - '0');
        if (at == start)
            return std::nullopt;
        if (i + 1 < v.size()) {
            if (at >= text.size())
                return std::nullopt;
            ++at;  // any delimiter
        }
    }
    const bool ok = v[0] >= 1900 && v[0] <= 11899 && v[1] >= 1 && v[1] <= 12 && v[2] >= 1 &&
                    v[2] <= 31 && v[3] <= 23 && v[4] <= 59 && v[5] <= 59;
    if (!ok)
        return std::nullopt;
    const auto days =
        days_from_civil(v[0], static_cast<unsigned>(v[1]), static_cast<unsigned>(v[2]));
    return ((days * 24 + v[3]) * 60 + v[4]) * 60000 + v[5] * 1000;
}

class OsGroup final : public CommandTable<OsGroup, Group::os> {
  public:
    // os_mgmt.c os_mgmt_group_handlers; console echo control (1) is not implemented by Zephyr.
    explicit OsGroup(Models& models) : CommandTable("os mgmt", models.config), models_(models) {
        using C = DeviceConfig;
        on<os::Echo>(&OsGroup::echo);
        also_on<os::Echo>(Op::read, &OsGroup::echo);
        on<os::TaskStats>(&OsGroup::task_stats);
        on<os::MemoryPoolStats>(&OsGroup::memory_pool, &C::memory_pool_stats);
        on<os::DateTimeGet>(&OsGroup::datetime_get, &C::datetime);
        on<os::DateTimeSet>(&OsGroup::datetime_set, &C::datetime);
        on<os::Reset>(&OsGroup::reset);
        on<os::McumgrParams>(&OsGroup::params, &C::params_command);
        on<os::Info>(&OsGroup::info);
        // Absent without CONFIG_MCUMGR_GRP_OS_BOOTLOADER_INFO, and then the table ends with
        // info: the group has 8 commands instead of 9.
        on<os::BootloaderInfo>(&OsGroup::bootloader_info, &C::bootloader_info);
    }

  private:
    // os_mgmt_echo decodes "d" as an optional field: without it the answer is an empty "r";
    // a payload that is not a map, or a "d" that is not a text string, is rc 3.
    Outcome echo(const Request& r) {
        auto map = payload_map(r.payload);
        if (!map)
            return Outcome::error(Rc::invalid_value);
        const auto d = map->find("d");
        if (d != map->end() && !d->is_string())
            return Outcome::error(Rc::invalid_value);
        return Outcome::ok(
            to_body(os::EchoResponse{.r = d == map->end() ? "" : d->get<std::string>()}));
    }

    // The configured threads; tid is the thread's index (the order Zephyr walks them). Stack
    // use moves with the work done. Without thread names (CONFIG_THREAD_NAME=n) os_mgmt.c keys
    // each thread by its priority and, without stack info, sends no stack fields.
    Outcome task_stats(const Request& r) {
        const auto seconds = static_cast<std::uint64_t>(r.now.count() / 1000000);
        const bool named = models_.config.thread_names;
        os::TaskStatsResponse rsp;
        std::uint64_t tid = 0;
        for (const auto& t : models_.config.threads) {
            os::TaskInfo info{.prio = t.prio, .tid = tid++, .state = t.state};
            if (named) {
                info.stksiz = t.stksiz;
                info.stkuse = std::min(t.stksiz, 6 + models_.requests % 64 + seconds % 16);
            }
            rsp.tasks[named ? t.name : std::to_string(t.prio)] = info;
        }
        return Outcome::ok(to_body(rsp));
    }

    Outcome memory_pool(const Request&) {
        // The variant that reports the system heap in 4-byte blocks.
        const std::uint64_t heap = 16384;
        const std::uint64_t used = 2048 + (models_.requests % 32) * 16;
        os::MemoryPoolStatsResponse rsp;
        rsp.pools["system_heap"] = os::MemoryPool{
            .blksiz = 4, .nblks = heap / 4, .nfree = (heap - used) / 4, .min = (heap - 4096) / 4};
        return Outcome::ok(to_body(rsp));
    }

    Outcome datetime_get(const Request& r) {
        if (!models_.rtc)
            return Outcome::group_error(OsError::rtc_not_set);
        const auto elapsed_ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(r.now - models_.rtc->set_at);
        return Outcome::ok(to_body(os::DateTimeGetResponse{
            .datetime = format_datetime(models_.rtc->epoch_ms_at_set + elapsed_ms.count())}));
    }

    Outcome datetime_set(const Request& r) {
        auto req = decode_payload<os::DateTimeSet>(r.payload);
        if (!req)
            return Outcome::error(Rc::invalid_value);
        auto epoch_ms = parse_datetime(req->datetime);
        if (!epoch_ms)
            return Outcome::error(Rc::invalid_value);
        models_.rtc = Rtc{*epoch_ms, r.now};
        return Outcome::ok();
    }

    Outcome reset(const Request& r) {
        // force is decoded as bool and only offered to the reset hook; decode failures are
        // ignored and the reset proceeds. boot_mode > 255 is refused; any other value is
        // written to the retention boot mode (CONFIG_MCUMGR_GRP_OS_RESET_BOOT_MODE), where
        // MCUboot looks only for BOOT_MODE_TYPE_BOOTLOADER.
        if (auto map = payload_map(r.payload)) {
            if (auto mode = map->find("boot_mode"); mode != map->end()) {
                if (!mode->is_number_unsigned() || mode->get<std::uint64_t>() > 255)
                    return Outcome::error(Rc::invalid_value);
                models_.boot_into_bootloader = mode->get<std::uint64_t>() == boot_mode_bootloader;
            }
        }
        r.effects->reset = true;
        r.effects->reset_delay = reset_delay;
        return Outcome::ok();
    }

    Outcome params(const Request&) const {
        return Outcome::ok(to_body(os::McumgrParamsResponse{
            .buf_size = models_.config.buf_size, .buf_count = models_.config.buf_count}));
    }

    Outcome info(const Request& r) const {
        // An empty payload is no CBOR map: zcbor fails to decode it, rc 3.
        std::string format = "s";
        auto req = decode_payload<os::Info>(r.payload);
        if (!req)
            return Outcome::error(Rc::invalid_value);
        if (req->format && !req->format->empty())
            format = *req->format;
        // Output order is fixed (s n r v b m p i o) whatever the request order.
        static constexpr std::string_view order = "snrvbmpio";
        std::array<bool, order.size()> want{};
        for (char c : format) {
            if (c == 'a') {
                want.fill(true);
                continue;
            }
            const auto pos = order.find(c);
            if (pos == std::string_view::npos)
                return Outcome::group_error(OsError::invalid_format);
            want[pos] = true;
        }
        const auto& c = models_.config;
        const std::array<std::string, order.size()> values{
            "Zephyr",  c.hostname,  c.kernel_release, c.kernel_version, c.build_time,
            c.machine, c.processor, c.board,          "Zephyr"};
        std::string output;
        for (std::size_t i = 0; i < order.size(); ++i) {
            if (!want[i])
                continue;
            if (!output.empty())
                output += ' ';
            output += values[i];
        }
        return Outcome::ok(to_body(os::InfoResponse{.output = output}));
    }

    Outcome bootloader_info(const Request& r) const {
        std::optional<std::string> query;
        if (!r.payload.empty()) {
            auto req = decode_payload<os::BootloaderInfo>(r.payload);
            if (!req)
                return Outcome::error(Rc::invalid_value);
            query = req->query;
        }
        if (!query)
            return Outcome::ok(to_body(os::BootloaderInfoResponse{.bootloader = "MCUboot"}));
        if (*query == "mode") {
            // os_mgmt.c: "no-downgrade" only when CONFIG_MCUBOOT_BOOTLOADER_NO_DOWNGRADE.
            os::BootloaderInfoResponse rsp{
                .mode = static_cast<std::int64_t>(models_.config.mcuboot_mode)};
            if (reports_no_downgrade(models_.config))
                rsp.no_downgrade = true;
            return Outcome::ok(to_body(rsp));
        }
        return Outcome::group_error(OsError::query_yields_no_answer);
    }

    Models& models_;
};

}  // namespace

std::unique_ptr<GroupHandler> make_os_group(Models& models) {
    return std::make_unique<OsGroup>(models);
}

}  // namespace smp::server
