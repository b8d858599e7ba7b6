// SPDX-License-Identifier: Apache-2.0
// CBOR mapping of the enumeration group's messages (keys from Zephyr enum_mgmt.c).
#include <smp/protocol/messages/enumeration.hpp>

#include "protocol/codec/describe.hpp"

namespace smp::codec {
using namespace smp::enumeration;

template <>
struct Describe<Count> {
    static constexpr std::string_view name = "enumeration::Count";
    static constexpr auto fields = std::make_tuple();
};
template <>
struct Describe<CountResponse> {
    static constexpr std::string_view name = "enumeration::CountResponse";
    static constexpr auto fields = std::make_tuple(field("count", &CountResponse::count));
};
template <>
struct Describe<List> {
    static constexpr std::string_view name = "enumeration::List";
    static constexpr auto fields = std::make_tuple();
};
template <>
struct Describe<ListResponse> {
    static constexpr std::string_view name = "enumeration::ListResponse";
    static constexpr auto fields = std::make_tuple(field("groups", &ListResponse::groups));
};
template <>
struct Describe<Single> {
    static constexpr std::string_view name = "enumeration::Single";
    static constexpr auto fields = std::make_tuple(field("index", &Single::index));
};
template <>
struct Describe<SingleResponse> {
    static constexpr std::string_view name = "enumeration::SingleResponse";
    static constexpr auto fields =
        std::make_tuple(field("group", &SingleResponse::group), field("end", &SingleResponse::end));
};
template <>
struct Describe<GroupDetails> {
    static constexpr std::string_view name = "enumeration::GroupDetails";
    static constexpr auto fields =
        std::make_tuple(field("group", &GroupDetails::group), field("name", &GroupDetails::name),
                        field("handlers", &GroupDetails::handlers));
};
template <>
struct Describe<Details> {
    static constexpr std::string_view name = "enumeration::Details";
    static constexpr auto fields = std::make_tuple(field("groups", &Details::groups));
};
template <>
struct Describe<DetailsResponse> {
    static constexpr std::string_view name = "enumeration::DetailsResponse";
    static constexpr auto fields = std::make_tuple(field("groups", &DetailsResponse::groups));
};

}  // namespace smp::codec

SMP_DEFINE_CODEC(smp::enumeration::Count)
SMP_DEFINE_CODEC(smp::enumeration::CountResponse)
SMP_DEFINE_CODEC(smp::enumeration::List)
SMP_DEFINE_CODEC(smp::enumeration::ListResponse)
SMP_DEFINE_CODEC(smp::enumeration::Single)
SMP_DEFINE_CODEC(smp::enumeration::SingleResponse)
SMP_DEFINE_CODEC(smp::enumeration::Details)
SMP_DEFINE_CODEC(smp::enumeration::DetailsResponse)
