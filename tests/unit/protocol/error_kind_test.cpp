// SPDX-License-Identifier: Apache-2.0
// ErrorKind: every error has one kind; is_link_lost and is_transient answer from it.
#include <smp/protocol/error_kind.hpp>

#include <gtest/gtest.h>

#include <cerrno>
#include <map>
#include <set>
#include <string>

namespace smp {
namespace {

Error client(Errc e) {
    return Error{make_error_code(e)};
}
Error device(DeviceError d) {
    return Error{make_error_code(d), {}, d};
}

TEST(ErrorKind, EveryErrcHasTheDocumentedKind) {
    const std::map<Errc, ErrorKind> expected = {
        {Errc::timeout, ErrorKind::timeout},
        {Errc::not_connected, ErrorKind::transport},
        {Errc::message_too_large, ErrorKind::protocol},
        {Errc::decode_error, ErrorKind::protocol},
        {Errc::encode_error, ErrorKind::invalid_argument},
        {Errc::bad_frame, ErrorKind::corrupt},
        {Errc::crc_mismatch, ErrorKind::corrupt},
        {Errc::sequence_mismatch, ErrorKind::corrupt},
        {Errc::transport_error, ErrorKind::transport},
        {Errc::cancelled, ErrorKind::cancelled},
        {Errc::invalid_argument, ErrorKind::invalid_argument},
        {Errc::bad_image, ErrorKind::bad_input},
        {Errc::bad_hex, ErrorKind::bad_input},
        {Errc::upload_failed, ErrorKind::transfer_failed},
        {Errc::image_mismatch, ErrorKind::check_failed},
        {Errc::unsupported, ErrorKind::protocol},
        {Errc::protocol_violation, ErrorKind::protocol},
        {Errc::image_refused, ErrorKind::image_refused},
        {Errc::upgrade_not_possible, ErrorKind::upgrade_not_possible},
    };
    // The map covers the whole enum: a new Errc must be classified here too.
    EXPECT_EQ(expected.size(), static_cast<std::size_t>(Errc::upgrade_not_possible));
    for (const auto& [code, kind] : expected)
        EXPECT_EQ(error_kind(client(code)), kind) << errc_name(code);
}

TEST(ErrorKind, DeviceErrorsAreDeviceWhateverTheCode) {
    EXPECT_EQ(error_kind(device({.rc = 3})), ErrorKind::device);
    EXPECT_EQ(error_kind(device({.group = 1, .rc = 9})), ErrorKind::device);
    // The part says who refused, not the code (a timeout code with a device part is rare
    // but must not be retried as a silence).
    EXPECT_EQ(error_kind(Error{make_error_code(Errc::timeout), {}, DeviceError{.rc = 1}}),
              ErrorKind::device);
    EXPECT_EQ(error_kind(Error{make_error_code(Rc::busy)}), ErrorKind::device);
    EXPECT_EQ(error_kind(Error{make_error_code(ImageError::no_free_slot)}), ErrorKind::device);
}

TEST(ErrorKind, OtherCategories) {
    // errno from opening an input file.
    EXPECT_EQ(error_kind(Error{std::error_code(ENOENT, std::generic_category())}),
              ErrorKind::bad_input);
    // An OS error of a socket or port.
    EXPECT_EQ(error_kind(Error{std::error_code(ECONNREFUSED, std::system_category())}),
              ErrorKind::transport);
}

TEST(ErrorKind, NamesAreDistinct) {
    std::set<std::string> names;
    for (int k = 0; k <= static_cast<int>(ErrorKind::upgrade_not_possible); ++k) {
        const std::string name(error_kind_name(static_cast<ErrorKind>(k)));
        EXPECT_NE(name, "?");
        EXPECT_TRUE(names.insert(name).second) << name;
    }
    EXPECT_EQ(error_kind_name(ErrorKind::device), "device");
    EXPECT_EQ(error_kind_name(ErrorKind::transport), "transport");
}

TEST(IsLinkLost, OnlyTheLinkLostError) {
    EXPECT_TRUE(is_link_lost(client(Errc::not_connected)));
    EXPECT_FALSE(is_link_lost(client(Errc::transport_error)));
    EXPECT_FALSE(is_link_lost(client(Errc::timeout)));
    EXPECT_FALSE(is_link_lost(client(Errc::cancelled)));
    EXPECT_FALSE(is_link_lost(device({.rc = 2})));  // rc 2 is not Errc::not_connected
}

TEST(IsTransient, SilenceDamageAndAFullBufferPool) {
    EXPECT_TRUE(is_transient(client(Errc::timeout)));
    EXPECT_TRUE(is_transient(client(Errc::bad_frame)));
    EXPECT_TRUE(is_transient(client(Errc::crc_mismatch)));
    EXPECT_TRUE(is_transient(device({.rc = static_cast<std::int64_t>(Rc::busy)})));
    EXPECT_TRUE(is_transient(device({.rc = static_cast<std::int64_t>(Rc::no_memory)})));
}

TEST(IsTransient, VerdictsAndLostLinksAreNot) {
    EXPECT_FALSE(is_transient(client(Errc::not_connected)));
    EXPECT_FALSE(is_transient(client(Errc::cancelled)));
    EXPECT_FALSE(is_transient(client(Errc::bad_image)));
    EXPECT_FALSE(is_transient(device({.rc = static_cast<std::int64_t>(Rc::invalid_value)})));
    // A group's rc 2 or 10 is that group's error, not ENOMEM/EBUSY.
    EXPECT_FALSE(is_transient(device({.group = 1, .rc = 2})));
    EXPECT_FALSE(is_transient(device({.group = 1, .rc = 10})));
}

}  // namespace
}  // namespace smp
