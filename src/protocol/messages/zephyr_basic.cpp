// SPDX-License-Identifier: Apache-2.0
// CBOR mapping of the Zephyr basic group's messages (basic_mgmt.c: empty maps both ways).
#include <smp/protocol/messages/zephyr_basic.hpp>

#include "protocol/codec/describe.hpp"

namespace smp::codec {
using namespace smp::zephyr_basic;

template <>
struct Describe<EraseStorage> {
    static constexpr std::string_view name = "zephyr_basic::EraseStorage";
    static constexpr auto fields = std::make_tuple();
};
template <>
struct Describe<EraseStorageResponse> {
    static constexpr std::string_view name = "zephyr_basic::EraseStorageResponse";
    static constexpr auto fields = std::make_tuple();
};

}  // namespace smp::codec

SMP_DEFINE_CODEC(smp::zephyr_basic::EraseStorage)
SMP_DEFINE_CODEC(smp::zephyr_basic::EraseStorageResponse)
