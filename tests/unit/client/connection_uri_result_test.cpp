// SPDX-License-Identifier: Apache-2.0
// Connection URI errors are Results: Errc::invalid_argument with the reason, no exception.
#include <smp/client/connection_uri.hpp>

#include <gtest/gtest.h>

namespace {

TEST(ConnectionUriResult, ANonUsbUriExpandsToItself) {
    const auto uri = smp::parse_connection_uri("udp://192.0.2.1:1337").value();
    const auto expanded = smp::expand_usb(uri);
    ASSERT_TRUE(expanded);
    ASSERT_EQ(expanded->size(), 1u);
    EXPECT_EQ(expanded->front().host, "192.0.2.1");
}

TEST(ConnectionUriResult, AnUnknownSchemeIsAnInvalidArgumentNotAnException) {
    smp::ConnectionUri uri;
    uri.scheme = "carrier-pigeon";
    const auto factory = smp::make_transport_factory(uri);
    ASSERT_FALSE(factory);
    EXPECT_EQ(factory.error().code, smp::make_error_code(smp::Errc::invalid_argument));
    const auto parsed_uri = smp::parse_connection_uri("carrier-pigeon://coop");
    ASSERT_FALSE(parsed_uri);
    EXPECT_NE(parsed_uri.error().detail.find("unknown scheme"), std::string::npos);
}

TEST(ConnectionUriResult, ABadOptionNamesItselfInTheDetail) {
    const auto uri = smp::parse_connection_uri("udp://192.0.2.1?mtux=9").value();
    const auto factory = smp::make_transport_factory(uri);
    ASSERT_FALSE(factory);
    EXPECT_EQ(factory.error().code, smp::make_error_code(smp::Errc::invalid_argument));
    EXPECT_NE(factory.error().detail.find("unknown option \"mtux\""), std::string::npos)
        << factory.error().detail;
    EXPECT_THROW((void)smp::make_transport_factory(uri).value(), smp::SystemError);
}

}  // namespace
