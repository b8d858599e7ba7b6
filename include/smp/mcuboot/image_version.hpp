// SPDX-License-Identifier: Apache-2.0
#pragma once
// An MCUboot image version (struct image_version, mcu-tools/mcuboot
// boot/bootutil/include/bootutil/image.h): its text forms and the order MCUboot boots by.
#include <smp/protocol/result.hpp>

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace smp::mcuboot {

/// An MCUboot image version, as in the image header's ih_ver (struct image_version).
struct ImageVersion {
    std::uint8_t major = 0;      ///< iv_major
    std::uint8_t minor = 0;      ///< iv_minor
    std::uint16_t revision = 0;  ///< iv_revision
    std::uint32_t build = 0;     ///< iv_build_num

    /// Zephyr's form (img_mgmt_ver_str): "1.2.3", and "1.2.3.4" only when build != 0.
    std::string to_string() const;

    /// "MAJOR[.MINOR[.REVISION]]" followed by an optional build number as ".BUILD" (Zephyr's
    /// img_mgmt_ver_str, what the image list reports) or "+BUILD" (imgtool sign --version);
    /// missing parts are 0. Each part is decimal digits and must fit its field: major and
    /// minor 0..255, revision 0..65535, build 0..4294967295. Errc::invalid_argument, naming
    /// the part, otherwise ("300.0.0": major 300 is above 255).
    static Result<ImageVersion> parse(std::string_view text);

    /// All four fields equal (the build number included, unlike boot_order()).
    friend bool operator==(const ImageVersion&, const ImageVersion&) = default;
};

/// Whether MCUboot counts the build number when it orders two versions.
enum class BuildNumber : std::uint8_t {
    ignored,   ///< MCUboot's default
    compared,  ///< MCUboot built with MCUBOOT_VERSION_CMP_USE_BUILD_NUMBER
};

/// The order MCUboot boots by (Direct-XIP and RAM load pick the higher slot; downgrade
/// prevention refuses a lower candidate): major, then minor, then revision, and the build
/// number only with BuildNumber::compared. As bootutil's boot_version_cmp (loader.c;
/// boot_compare_version in newer MCUboot), which compares iv_build_num only
/// `#if defined(MCUBOOT_VERSION_CMP_USE_BUILD_NUMBER)`.
std::strong_ordering boot_order(const ImageVersion& a, const ImageVersion& b,
                                BuildNumber build = BuildNumber::ignored) noexcept;

}  // namespace smp::mcuboot
