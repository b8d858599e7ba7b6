// SPDX-License-Identifier: Apache-2.0
// CBOR mapping of the settings group's messages (keys from Zephyr settings_mgmt.c).
#include <smp/protocol/messages/settings.hpp>

#include "protocol/codec/describe.hpp"

namespace smp::codec {
using namespace smp::settings;

template <>
struct Describe<Read> {
    static constexpr std::string_view name = "settings::Read";
    static constexpr auto fields =
        std::make_tuple(field("name", &Read::name), field("max_size", &Read::max_size));
};
template <>
struct Describe<ReadResponse> {
    static constexpr std::string_view name = "settings::ReadResponse";
    static constexpr auto fields = std::make_tuple(field("val", &ReadResponse::val),
                                                   field("max_size", &ReadResponse::max_size));
};
template <>
struct Describe<Write> {
    static constexpr std::string_view name = "settings::Write";
    static constexpr auto fields =
        std::make_tuple(field("name", &Write::name), field("val", &Write::val));
};
template <>
struct Describe<WriteResponse> {
    static constexpr std::string_view name = "settings::WriteResponse";
    static constexpr auto fields = std::make_tuple();
};
template <>
struct Describe<Delete> {
    static constexpr std::string_view name = "settings::Delete";
    static constexpr auto fields = std::make_tuple(field("name", &Delete::name));
};
template <>
struct Describe<DeleteResponse> {
    static constexpr std::string_view name = "settings::DeleteResponse";
    static constexpr auto fields = std::make_tuple();
};
template <>
struct Describe<Commit> {
    static constexpr std::string_view name = "settings::Commit";
    static constexpr auto fields = std::make_tuple();
};
template <>
struct Describe<CommitResponse> {
    static constexpr std::string_view name = "settings::CommitResponse";
    static constexpr auto fields = std::make_tuple();
};
template <>
struct Describe<Load> {
    static constexpr std::string_view name = "settings::Load";
    static constexpr auto fields = std::make_tuple();
};
template <>
struct Describe<LoadResponse> {
    static constexpr std::string_view name = "settings::LoadResponse";
    static constexpr auto fields = std::make_tuple();
};
template <>
struct Describe<Save> {
    static constexpr std::string_view name = "settings::Save";
    static constexpr auto fields = std::make_tuple(field("name", &Save::name));
};
template <>
struct Describe<SaveResponse> {
    static constexpr std::string_view name = "settings::SaveResponse";
    static constexpr auto fields = std::make_tuple();
};

}  // namespace smp::codec

SMP_DEFINE_CODEC(smp::settings::Read)
SMP_DEFINE_CODEC(smp::settings::ReadResponse)
SMP_DEFINE_CODEC(smp::settings::Write)
SMP_DEFINE_CODEC(smp::settings::WriteResponse)
SMP_DEFINE_CODEC(smp::settings::Delete)
SMP_DEFINE_CODEC(smp::settings::DeleteResponse)
SMP_DEFINE_CODEC(smp::settings::Commit)
SMP_DEFINE_CODEC(smp::settings::CommitResponse)
SMP_DEFINE_CODEC(smp::settings::Load)
SMP_DEFINE_CODEC(smp::settings::LoadResponse)
SMP_DEFINE_CODEC(smp::settings::Save)
SMP_DEFINE_CODEC(smp::settings::SaveResponse)
