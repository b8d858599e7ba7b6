// SPDX-License-Identifier: Apache-2.0
// ImageVersion::parse and MCUboot's boot order: every text form a version comes in (Zephyr's
// image list, imgtool's --version, smpctl's --version), and what each refuses.
#include <smp/mcuboot/image_version.hpp>
#include <smp/protocol/error.hpp>

#include <gtest/gtest.h>

namespace {

using smp::mcuboot::boot_order;
using smp::mcuboot::BuildNumber;
using smp::mcuboot::ImageVersion;

ImageVersion v(std::uint8_t major, std::uint8_t minor, std::uint16_t revision,
               std::uint32_t build = 0) {
    return {major, minor, revision, build};
}

TEST(ImageVersionParse, ZephyrsForms) {
    EXPECT_EQ(ImageVersion::parse("1.2.3").value(), v(1, 2, 3));
    EXPECT_EQ(ImageVersion::parse("1.2.3.4").value(), v(1, 2, 3, 4));
    EXPECT_EQ(ImageVersion::parse("0.0.0").value(), v(0, 0, 0));
    EXPECT_EQ(ImageVersion::parse("255.255.65535.4294967295").value(),
              v(255, 255, 65535, 4294967295u));
}

TEST(ImageVersionParse, ImgtoolsBuildNumberAndShortForms) {
    EXPECT_EQ(ImageVersion::parse("1.2.3+4").value(), v(1, 2, 3, 4));
    EXPECT_EQ(ImageVersion::parse("1.2").value(), v(1, 2, 0));
    EXPECT_EQ(ImageVersion::parse("7").value(), v(7, 0, 0));
    EXPECT_EQ(ImageVersion::parse("1.2+9").value(), v(1, 2, 0, 9));
}

TEST(ImageVersionParse, RoundTripsThroughToString) {
    for (const auto& version : {v(1, 0, 0), v(2, 3, 400), v(9, 8, 7, 6)})
        EXPECT_EQ(ImageVersion::parse(version.to_string()).value(), version);
}

TEST(ImageVersionParse, APartTooLargeIsAClearErrorNotAWrap) {
    const auto major = ImageVersion::parse("300.0.0");
    ASSERT_FALSE(major) << "300 must not wrap to 44";
    EXPECT_EQ(major.error().code, make_error_code(smp::Errc::invalid_argument));
    EXPECT_NE(major.error().detail.find("major 300 is above 255"), std::string::npos)
        << major.error().detail;
    EXPECT_FALSE(ImageVersion::parse("1.256.0"));
    EXPECT_FALSE(ImageVersion::parse("1.2.65536"));
    EXPECT_FALSE(ImageVersion::parse("1.2.3.4294967296"));
    EXPECT_FALSE(ImageVersion::parse("1.2.3+99999999999999999999999"));
}

TEST(ImageVersionParse, RefusesWhatIsNoVersion) {
    for (const char* bad :
         {"", "a.b.c", "1.2.3.4.5", "1.2.3.4+5", "1..3", "1.2.", ".1.2", "+4", "1.2.3+", "-1.2.3",
          " 1.2.3", "1.2.3 ", "1.2.3x", "v1.2.3", "1,2,3", "1.2.3++4", "0x1.2.3"}) {
        const auto parsed = ImageVersion::parse(bad);
        EXPECT_FALSE(parsed) << '"' << bad << "\" parsed as " << parsed.value().to_string();
        if (!parsed) {
            EXPECT_NE(parsed.error().detail.find("version"), std::string::npos);
        }
    }
}

TEST(ImageVersionBootOrder, MajorThenMinorThenRevision) {
    EXPECT_TRUE(boot_order(v(2, 0, 0), v(1, 255, 65535)) > 0);
    EXPECT_TRUE(boot_order(v(1, 3, 0), v(1, 2, 9)) > 0);
    EXPECT_TRUE(boot_order(v(1, 2, 10), v(1, 2, 9)) > 0);
    EXPECT_TRUE(boot_order(v(1, 2, 9), v(1, 2, 10)) < 0);
    EXPECT_TRUE(boot_order(v(1, 2, 3), v(1, 2, 3)) == 0);
}

TEST(ImageVersionBootOrder, TheBuildNumberCountsOnlyWhenMcubootCompilesItIn) {
    EXPECT_TRUE(boot_order(v(1, 2, 3, 9), v(1, 2, 3, 1)) == 0) << "MCUboot's default ignores it";
    EXPECT_TRUE(boot_order(v(1, 2, 3, 9), v(1, 2, 3, 1), BuildNumber::compared) > 0);
    EXPECT_TRUE(boot_order(v(1, 2, 3, 1), v(1, 2, 3, 9), BuildNumber::compared) < 0);
    EXPECT_TRUE(boot_order(v(1, 2, 4, 0), v(1, 2, 3, 9), BuildNumber::compared) > 0)
        << "the revision comes before the build number";
}

}  // namespace
