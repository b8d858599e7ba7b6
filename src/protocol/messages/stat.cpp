// SPDX-License-Identifier: Apache-2.0
// CBOR mapping of the statistics group's messages (keys from Zephyr stat_mgmt.c).
#include <smp/protocol/messages/stat.hpp>

#include "protocol/codec/describe.hpp"

namespace smp::codec {
using namespace smp::stat;

template <>
struct Describe<GroupData> {
    static constexpr std::string_view name = "stat::GroupData";
    static constexpr auto fields = std::make_tuple(field("name", &GroupData::name));
};
template <>
struct Describe<GroupDataResponse> {
    static constexpr std::string_view name = "stat::GroupDataResponse";
    static constexpr auto fields = std::make_tuple(field("name", &GroupDataResponse::name),
                                                   field("fields", &GroupDataResponse::fields));
};
template <>
struct Describe<List> {
    static constexpr std::string_view name = "stat::List";
    static constexpr auto fields = std::make_tuple();
};
template <>
struct Describe<ListResponse> {
    static constexpr std::string_view name = "stat::ListResponse";
    static constexpr auto fields = std::make_tuple(field("stat_list", &ListResponse::stat_list));
};

}  // namespace smp::codec

SMP_DEFINE_CODEC(smp::stat::GroupData)
SMP_DEFINE_CODEC(smp::stat::GroupDataResponse)
SMP_DEFINE_CODEC(smp::stat::List)
SMP_DEFINE_CODEC(smp::stat::ListResponse)
