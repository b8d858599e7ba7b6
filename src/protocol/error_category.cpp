// SPDX-License-Identifier: Apache-2.0
// The error categories and the error names of smp/protocol/error.hpp, both from the tables of
// error_tables.cpp: one definition of each name.
#include <smp/protocol/error.hpp>
#include <smp/protocol/group.hpp>

#include <string>

#include "protocol/error_tables.hpp"

namespace smp {
namespace {

using detail::ErrorEntry;
using detail::ErrorTable;

const ErrorEntry* find(const ErrorTable& table, std::int64_t code) noexcept {
    if (code < 0 || static_cast<std::uint64_t>(code) >= table.entries.size())
        return nullptr;
    return &table.entries[static_cast<std::size_t>(code)];
}

/// Zephyr's name of `code` in `table`: prefix + name, or prefix + number when unknown.
std::string code_name(const ErrorTable& table, std::int64_t code) {
    std::string name(table.prefix);
    if (const ErrorEntry* e = find(table, code))
        name += e->name;
    else
        name += std::to_string(code);
    return name;
}

/// A category whose codes index a fixed table.
class TableCategory final : public std::error_category {
  public:
    explicit TableCategory(ErrorTable table) : table_(table) {}
    const char* name() const noexcept override { return table_.category; }
    std::string message(int code) const override {
        if (const ErrorEntry* e = find(table_, code))
            return std::string(e->message);
        return "error " + std::to_string(code);
    }

  private:
    ErrorTable table_;
};

const TableCategory& client_cat() {
    static const TableCategory c(detail::client_error_table());
    return c;
}
const TableCategory& rc_cat() {
    static const TableCategory c(detail::rc_error_table());
    return c;
}

/// One category object per group table, made on first use.
template <Group G>
const TableCategory& group_cat() {
    static const TableCategory c(detail::group_error_table(to_underlying(G)));
    return c;
}
const TableCategory& user_group_cat() {
    static const TableCategory c(detail::group_error_table(to_underlying(Group::first_user)));
    return c;
}

const TableCategory& table_category_for(std::uint16_t group) noexcept {
    switch (group) {
        case to_underlying(Group::os):
            return group_cat<Group::os>();
        case to_underlying(Group::image):
            return group_cat<Group::image>();
        case to_underlying(Group::stat):
            return group_cat<Group::stat>();
        case to_underlying(Group::settings):
            return group_cat<Group::settings>();
        case to_underlying(Group::fs):
            return group_cat<Group::fs>();
        case to_underlying(Group::shell):
            return group_cat<Group::shell>();
        case to_underlying(Group::enumeration):
            return group_cat<Group::enumeration>();
        case to_underlying(Group::transport):
            return group_cat<Group::transport>();
        case to_underlying(Group::zephyr_basic):
            return group_cat<Group::zephyr_basic>();
        default:
            return user_group_cat();
    }
}

}  // namespace

const std::error_category& client_category() noexcept {
    return client_cat();
}
std::error_code make_error_code(Errc e) noexcept {
    return {static_cast<int>(e), client_cat()};
}
const std::error_category& rc_category() noexcept {
    return rc_cat();
}
std::error_code make_error_code(Rc e) noexcept {
    return {static_cast<int>(e), rc_cat()};
}

std::error_code make_error_code(OsError e) noexcept {
    return {static_cast<int>(e), group_cat<Group::os>()};
}
std::error_code make_error_code(ImageError e) noexcept {
    return {static_cast<int>(e), group_cat<Group::image>()};
}
std::error_code make_error_code(StatError e) noexcept {
    return {static_cast<int>(e), group_cat<Group::stat>()};
}
std::error_code make_error_code(SettingsError e) noexcept {
    return {static_cast<int>(e), group_cat<Group::settings>()};
}
std::error_code make_error_code(FsError e) noexcept {
    return {static_cast<int>(e), group_cat<Group::fs>()};
}
std::error_code make_error_code(ShellError e) noexcept {
    return {static_cast<int>(e), group_cat<Group::shell>()};
}
std::error_code make_error_code(EnumError e) noexcept {
    return {static_cast<int>(e), group_cat<Group::enumeration>()};
}
std::error_code make_error_code(TransportError e) noexcept {
    return {static_cast<int>(e), group_cat<Group::transport>()};
}
std::error_code make_error_code(ZephyrBasicError e) noexcept {
    return {static_cast<int>(e), group_cat<Group::zephyr_basic>()};
}

const std::error_category& group_error_category(std::uint16_t group) noexcept {
    return table_category_for(group);
}
std::error_code make_group_error_code(std::uint16_t group, std::uint16_t rc) noexcept {
    return {static_cast<int>(rc), table_category_for(group)};
}

std::string_view errc_name(Errc e) noexcept {
    if (const ErrorEntry* entry = find(detail::client_error_table(), static_cast<int>(e)))
        return entry->name;
    return "?";
}

std::string rc_name(std::int64_t rc) {
    constexpr auto per_user = static_cast<std::int64_t>(Rc::per_user);
    if (rc < per_user)
        return code_name(detail::rc_error_table(), rc);
    std::string name = "MGMT_ERR_EPERUSER";
    if (rc > per_user) {
        name += '+';  // appended, not "+" + string: g++ 12 -O3 warns -Wrestrict on that
        name += std::to_string(rc - per_user);
    }
    return name;
}

std::string group_error_name(std::uint16_t group, std::uint16_t rc) {
    return code_name(detail::group_error_table(group), rc);
}

std::string device_error_name(const DeviceError& e) {
    return e.group ? group_error_name(*e.group, static_cast<std::uint16_t>(e.rc)) : rc_name(e.rc);
}

}  // namespace smp
