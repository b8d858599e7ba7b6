// SPDX-License-Identifier: Apache-2.0
// CBOR mapping of the OS group's messages (keys from Zephyr os_mgmt.c).
#include <smp/protocol/messages/os.hpp>

#include "protocol/codec/describe.hpp"

namespace smp::codec {
using namespace smp::os;

template <>
struct Describe<Echo> {
    static constexpr std::string_view name = "os::Echo";
    static constexpr auto fields = std::make_tuple(field("d", &Echo::d));
};
template <>
struct Describe<EchoResponse> {
    static constexpr std::string_view name = "os::EchoResponse";
    static constexpr auto fields = std::make_tuple(field("r", &EchoResponse::r));
};
template <>
struct Describe<ConsoleEcho> {
    static constexpr std::string_view name = "os::ConsoleEcho";
    static constexpr auto fields = std::make_tuple(field("echo", &ConsoleEcho::echo));
};
template <>
struct Describe<ConsoleEchoResponse> {
    static constexpr std::string_view name = "os::ConsoleEchoResponse";
    static constexpr auto fields = std::make_tuple();
};
template <>
struct Describe<TaskInfo> {
    static constexpr std::string_view name = "os::TaskInfo";
    static constexpr auto fields = std::make_tuple(
        field("prio", &TaskInfo::prio), field("tid", &TaskInfo::tid),
        field("state", &TaskInfo::state), field("stksiz", &TaskInfo::stksiz),
        field("stkuse", &TaskInfo::stkuse), field("runtime", &TaskInfo::runtime),
        field("cswcnt", &TaskInfo::cswcnt), field("last_checkin", &TaskInfo::last_checkin),
        field("next_checkin", &TaskInfo::next_checkin));
};
template <>
struct Describe<TaskStatsResponse> {
    static constexpr std::string_view name = "os::TaskStatsResponse";
    static constexpr auto fields = std::make_tuple(field("tasks", &TaskStatsResponse::tasks));
};
template <>
struct Describe<TaskStats> {
    static constexpr std::string_view name = "os::TaskStats";
    static constexpr auto fields = std::make_tuple();
};
template <>
struct Describe<MemoryPool> {
    static constexpr std::string_view name = "os::MemoryPool";
    static constexpr auto fields =
        std::make_tuple(field("blksiz", &MemoryPool::blksiz), field("nblks", &MemoryPool::nblks),
                        field("nfree", &MemoryPool::nfree), field("min", &MemoryPool::min));
};
template <>
struct Describe<MemoryPoolStats> {
    static constexpr std::string_view name = "os::MemoryPoolStats";
    static constexpr auto fields = std::make_tuple();
};
template <>
struct Describe<DateTimeGet> {
    static constexpr std::string_view name = "os::DateTimeGet";
    static constexpr auto fields = std::make_tuple();
};
template <>
struct Describe<DateTimeGetResponse> {
    static constexpr std::string_view name = "os::DateTimeGetResponse";
    static constexpr auto fields =
        std::make_tuple(field("datetime", &DateTimeGetResponse::datetime));
};
template <>
struct Describe<DateTimeSet> {
    static constexpr std::string_view name = "os::DateTimeSet";
    static constexpr auto fields = std::make_tuple(field("datetime", &DateTimeSet::datetime));
};
template <>
struct Describe<DateTimeSetResponse> {
    static constexpr std::string_view name = "os::DateTimeSetResponse";
    static constexpr auto fields = std::make_tuple();
};
template <>
struct Describe<Reset> {
    static constexpr std::string_view name = "os::Reset";
    static constexpr auto fields =
        std::make_tuple(field("force", &Reset::force), field("boot_mode", &Reset::boot_mode));
};
template <>
struct Describe<ResetResponse> {
    static constexpr std::string_view name = "os::ResetResponse";
    static constexpr auto fields = std::make_tuple();
};
template <>
struct Describe<McumgrParams> {
    static constexpr std::string_view name = "os::McumgrParams";
    static constexpr auto fields = std::make_tuple();
};
template <>
struct Describe<McumgrParamsResponse> {
    static constexpr std::string_view name = "os::McumgrParamsResponse";
    static constexpr auto fields =
        std::make_tuple(field("buf_size", &McumgrParamsResponse::buf_size),
                        field("buf_count", &McumgrParamsResponse::buf_count));
};
template <>
struct Describe<Info> {
    static constexpr std::string_view name = "os::Info";
    static constexpr auto fields = std::make_tuple(field("format", &Info::format));
};
template <>
struct Describe<InfoResponse> {
    static constexpr std::string_view name = "os::InfoResponse";
    static constexpr auto fields = std::make_tuple(field("output", &InfoResponse::output));
};
template <>
struct Describe<BootloaderInfo> {
    static constexpr std::string_view name = "os::BootloaderInfo";
    static constexpr auto fields = std::make_tuple(field("query", &BootloaderInfo::query));
};
template <>
struct Describe<BootloaderInfoResponse> {
    static constexpr std::string_view name = "os::BootloaderInfoResponse";
    static constexpr auto fields =
        std::make_tuple(field("bootloader", &BootloaderInfoResponse::bootloader),
                        field("mode", &BootloaderInfoResponse::mode),
                        field("no-downgrade", &BootloaderInfoResponse::no_downgrade));
};

// The memory pool response is a bare map of pool name -> statistics.
template <>
DecodeStatus from_value<MemoryPoolStatsResponse>(const Value& in, MemoryPoolStatsResponse& out) {
    if (!in.is_object())
        return fail("expected a map");
    Value pools = Value::object();
    for (const auto& [key, item] : in.items()) {
        if (key != "rc" && key != "rsn" && key != "err")
            pools[key] = item;
    }
    return from_value(pools, out.pools);
}
template <>
Value to_value<MemoryPoolStatsResponse>(const MemoryPoolStatsResponse& in) {
    return to_value(in.pools);
}
template <>
struct Describe<MemoryPoolStatsResponse> {
    static constexpr std::string_view name = "os::MemoryPoolStatsResponse";
};

}  // namespace smp::codec

SMP_DEFINE_CODEC(smp::os::Echo)
SMP_DEFINE_CODEC(smp::os::EchoResponse)
SMP_DEFINE_CODEC(smp::os::ConsoleEcho)
SMP_DEFINE_CODEC(smp::os::ConsoleEchoResponse)
SMP_DEFINE_CODEC(smp::os::TaskStats)
SMP_DEFINE_CODEC(smp::os::TaskStatsResponse)
SMP_DEFINE_CODEC(smp::os::MemoryPoolStats)
SMP_DEFINE_CODEC(smp::os::MemoryPoolStatsResponse)
SMP_DEFINE_CODEC(smp::os::DateTimeGet)
SMP_DEFINE_CODEC(smp::os::DateTimeGetResponse)
SMP_DEFINE_CODEC(smp::os::DateTimeSet)
SMP_DEFINE_CODEC(smp::os::DateTimeSetResponse)
SMP_DEFINE_CODEC(smp::os::Reset)
SMP_DEFINE_CODEC(smp::os::ResetResponse)
SMP_DEFINE_CODEC(smp::os::McumgrParams)
SMP_DEFINE_CODEC(smp::os::McumgrParamsResponse)
SMP_DEFINE_CODEC(smp::os::Info)
SMP_DEFINE_CODEC(smp::os::InfoResponse)
SMP_DEFINE_CODEC(smp::os::BootloaderInfo)
SMP_DEFINE_CODEC(smp::os::BootloaderInfoResponse)
