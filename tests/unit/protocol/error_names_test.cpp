// SPDX-License-Identifier: Apache-2.0
// Every error name table: each enumerator has one name, spelled as Zephyr spells it (the
// library's own Errc as its enumerators), and a device error prints one way.
#include <smp/protocol/error.hpp>
#include <smp/protocol/group.hpp>

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace smp {
namespace {

constexpr int last_errc = static_cast<int>(Errc::upgrade_not_possible);

TEST(ErrcName, EveryEnumeratorHasItsOwnName) {
    std::set<std::string> seen;
    for (int value = 1; value <= last_errc; ++value) {
        const auto e = static_cast<Errc>(value);
        const std::string name(errc_name(e));
        EXPECT_NE(name, "?") << value;
        EXPECT_TRUE(seen.insert(name).second) << "duplicate name " << name;
        EXPECT_NE(make_error_code(e).message().rfind("error ", 0), 0u) << name << " has no message";
    }
    EXPECT_EQ(errc_name(Errc::timeout), "timeout");
    EXPECT_EQ(errc_name(Errc::not_connected), "not_connected");
    EXPECT_EQ(errc_name(Errc::bad_image), "bad_image");
    EXPECT_EQ(errc_name(Errc::upgrade_not_possible), "upgrade_not_possible");
}

TEST(ErrcName, ValuesOutsideTheEnumHaveNoName) {
    EXPECT_EQ(errc_name(static_cast<Errc>(last_errc + 1)), "?");
    EXPECT_EQ(errc_name(static_cast<Errc>(-1)), "?");
    EXPECT_EQ(make_error_code(static_cast<Errc>(last_errc + 1)).message(),
              "error " + std::to_string(last_errc + 1));
}

TEST(RcName, EveryMcumgrErrHasZephyrsName) {
    const char* const expected[] = {"MGMT_ERR_EOK",
                                    "MGMT_ERR_EUNKNOWN",
                                    "MGMT_ERR_ENOMEM",
                                    "MGMT_ERR_EINVAL",
                                    "MGMT_ERR_ETIMEOUT",
                                    "MGMT_ERR_ENOENT",
                                    "MGMT_ERR_EBADSTATE",
                                    "MGMT_ERR_EMSGSIZE",
                                    "MGMT_ERR_ENOTSUP",
                                    "MGMT_ERR_ECORRUPT",
                                    "MGMT_ERR_EBUSY",
                                    "MGMT_ERR_EACCESSDENIED",
                                    "MGMT_ERR_UNSUPPORTED_TOO_OLD",
                                    "MGMT_ERR_UNSUPPORTED_TOO_NEW"};
    for (std::int64_t rc = 0; rc < static_cast<std::int64_t>(std::size(expected)); ++rc)
        EXPECT_EQ(rc_name(rc), expected[rc]);
    EXPECT_EQ(rc_name(static_cast<std::int64_t>(Rc::unsupported_too_new)),
              "MGMT_ERR_UNSUPPORTED_TOO_NEW");
}

TEST(RcName, PerUserRangeAndUnnamedValues) {
    EXPECT_EQ(rc_name(256), "MGMT_ERR_EPERUSER");
    EXPECT_EQ(rc_name(259), "MGMT_ERR_EPERUSER+3");
    EXPECT_EQ(rc_name(14), "MGMT_ERR_14");
    EXPECT_EQ(rc_name(255), "MGMT_ERR_255");
    EXPECT_EQ(rc_name(-1), "MGMT_ERR_-1");
}

/// Every value of a group's error enum, 0 .. last, is named with the group's prefix, each
/// name once; the value after the last falls back to the prefix and the number.
void expect_group_table(Group group, std::uint16_t last, const std::string& prefix) {
    const auto g = to_underlying(group);
    std::set<std::string> seen;
    for (std::uint16_t rc = 0; rc <= last; ++rc) {
        const auto name = group_error_name(g, rc);
        EXPECT_EQ(name.rfind(prefix, 0), 0u) << name;
        EXPECT_NE(name, prefix + std::to_string(rc)) << "group " << g << " rc " << rc;
        EXPECT_TRUE(seen.insert(name).second) << "duplicate name " << name;
        EXPECT_NE(make_group_error_code(g, rc).message().rfind("error ", 0), 0u) << name;
    }
    EXPECT_EQ(group_error_name(g, last + 1), prefix + std::to_string(last + 1));
}

TEST(GroupErrorName, EveryGroupErrorEnumIsNamed) {
    expect_group_table(Group::os, static_cast<std::uint16_t>(OsError::heap_stats_fetch_failed),
                       "OS_MGMT_ERR_");
    expect_group_table(Group::image, static_cast<std::uint16_t>(ImageError::active_slot_not_known),
                       "IMG_MGMT_ERR_");
    expect_group_table(Group::stat, static_cast<std::uint16_t>(StatError::walk_aborted),
                       "STAT_MGMT_ERR_");
    expect_group_table(Group::settings,
                       static_cast<std::uint16_t>(SettingsError::save_not_supported),
                       "SETTINGS_MGMT_ERR_");
    expect_group_table(Group::fs, static_cast<std::uint16_t>(FsError::file_close_failed),
                       "FS_MGMT_ERR_");
    expect_group_table(Group::shell, static_cast<std::uint16_t>(ShellError::empty_command),
                       "SHELL_MGMT_ERR_");
    expect_group_table(Group::enumeration, static_cast<std::uint16_t>(EnumError::index_too_large),
                       "ENUM_MGMT_ERR_");
    expect_group_table(Group::transport, static_cast<std::uint16_t>(TransportError::connect_failed),
                       "TRANSPORT_MGMT_ERR_");
    expect_group_table(Group::zephyr_basic,
                       static_cast<std::uint16_t>(ZephyrBasicError::flash_erase_failed),
                       "ZEPHYRBASIC_MGMT_ERR_");
}

TEST(GroupErrorName, SpelledAsZephyrsEnumerators) {
    EXPECT_EQ(group_error_name(1, static_cast<std::uint16_t>(ImageError::no_free_slot)),
              "IMG_MGMT_ERR_NO_FREE_SLOT");
    EXPECT_EQ(group_error_name(3, static_cast<std::uint16_t>(SettingsError::key_not_found)),
              "SETTINGS_MGMT_ERR_KEY_NOT_FOUND");
    EXPECT_EQ(group_error_name(8, static_cast<std::uint16_t>(FsError::file_write_failed)),
              "FS_MGMT_ERR_FILE_WRITE_FAILED");
    EXPECT_EQ(group_error_name(0, static_cast<std::uint16_t>(OsError::rtc_not_set)),
              "OS_MGMT_ERR_RTC_NOT_SET");
}

TEST(GroupErrorName, GroupsWithoutATableNameTheRc) {
    EXPECT_EQ(group_error_name(64, 5), "GROUP_ERR_5");
    EXPECT_EQ(group_error_name(4, 1), "GROUP_ERR_1");  // log: Zephyr has no group errors
    EXPECT_EQ(make_group_error_code(64, 5).message(), "error 5");
}

TEST(DeviceErrorName, V1AndV2) {
    EXPECT_EQ(device_error_name(DeviceError{.rc = 3}), "MGMT_ERR_EINVAL");
    EXPECT_EQ(device_error_name(DeviceError{.rc = 260}), "MGMT_ERR_EPERUSER+4");
    EXPECT_EQ(device_error_name(DeviceError{.group = 1, .rc = 9}), "IMG_MGMT_ERR_NO_FREE_SLOT");
}

TEST(ErrorMessage, NamesTheDeviceErrorOneWay) {
    const DeviceError v1{.rc = 3, .reason = "bad key"};
    const Error e1{make_error_code(v1), "settings read", v1};
    EXPECT_EQ(e1.message(),
              "invalid value or malformed request (MGMT_ERR_EINVAL, rc 3): device says "
              "\"bad key\"; settings read");
    const DeviceError v2{.group = 1, .rc = 9};
    const Error e2{make_error_code(v2), {}, v2};
    EXPECT_EQ(e2.message(), "no free slot for the image (IMG_MGMT_ERR_NO_FREE_SLOT, group 1 rc 9)");
}

}  // namespace
}  // namespace smp
