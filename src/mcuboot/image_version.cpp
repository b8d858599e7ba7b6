// SPDX-License-Identifier: Apache-2.0
// MCUboot image versions: text forms and boot order (see smp/mcuboot/image_version.hpp).
#include <smp/mcuboot/image_version.hpp>
#include <smp/protocol/error.hpp>

#include <charconv>
#include <limits>
#include <optional>

namespace smp::mcuboot {
namespace {

Error bad_version(std::string_view text, std::string why) {
    std::string detail = "version \"";
    detail += text;
    detail += "\": ";
    detail += why;
    detail +=
        " (expected MAJOR.MINOR.REVISION[.BUILD] or [+BUILD]: major and minor up to 255, "
        "revision up to 65535)";
    return Error{make_error_code(Errc::invalid_argument), std::move(detail)};
}

// One part: decimal digits only (no sign, no space), at most `limit`.
Result<std::uint32_t> part(std::string_view whole, std::string_view digits, const char* name,
                           std::uint64_t limit) {
    std::uint64_t value = 0;
    const char* end = digits.data() + digits.size();
    const auto [ptr, ec] = std::from_chars(digits.data(), end, value);
    if (digits.empty() || ptr != end || (ec != std::errc{} && ec != std::errc::result_out_of_range))
        return bad_version(
            whole, std::string(name) + " \"" + std::string(digits) + "\" is not a decimal number");
    if (ec == std::errc::result_out_of_range || value > limit)
        return bad_version(whole, std::string(name) + " " + std::string(digits) + " is above " +
                                      std::to_string(limit));
    return static_cast<std::uint32_t>(value);
}

}  // namespace

std::string ImageVersion::to_string() const {
    // Appended piece by piece on purpose: `"." + std::to_string(build)` (operator+(const char*,
    // std::string&&)) makes g++ 12 at -O3 report a bogus -Wrestrict memcpy of 2^63 bytes inside
    // char_traits.h (GCC bug 105651), which breaks -Werror builds.
    std::string s = std::to_string(major);
    s += '.';
    s += std::to_string(minor);
    s += '.';
    s += std::to_string(revision);
    if (build != 0) {
        s += '.';
        s += std::to_string(build);
    }
    return s;
}

Result<ImageVersion> ImageVersion::parse(std::string_view text) {
    std::string_view numbers = text;
    std::optional<std::string_view> build_part;
    if (const auto plus = text.find('+'); plus != std::string_view::npos) {
        numbers = text.substr(0, plus);
        build_part = text.substr(plus + 1);
    }
    struct Field {
        const char* name;
        std::uint64_t limit;
    };
    constexpr Field fields[] = {{"major", 255},
                                {"minor", 255},
                                {"revision", 65535},
                                {"build", std::numeric_limits<std::uint32_t>::max()}};
    std::uint32_t values[4] = {0, 0, 0, 0};
    std::size_t count = 0;
    for (std::size_t start = 0;; ++count) {
        const auto dot = numbers.find('.', start);
        const auto digits =
            numbers.substr(start, dot == std::string_view::npos ? dot : dot - start);
        if (count == 4 || (count == 3 && build_part))
            return bad_version(text, "too many parts");
        auto value = part(text, digits, fields[count].name, fields[count].limit);
        if (!value)
            return std::move(value).error();
        values[count] = *value;
        if (dot == std::string_view::npos)
            break;
        start = dot + 1;
    }
    if (build_part) {
        auto value = part(text, *build_part, "build", fields[3].limit);
        if (!value)
            return std::move(value).error();
        values[3] = *value;
    }
    return ImageVersion{.major = static_cast<std::uint8_t>(values[0]),
                        .minor = static_cast<std::uint8_t>(values[1]),
                        .revision = static_cast<std::uint16_t>(values[2]),
                        .build = values[3]};
}

std::strong_ordering boot_order(const ImageVersion& a, const ImageVersion& b,
                                BuildNumber build) noexcept {
    if (auto order = a.major <=> b.major; order != 0)
        return order;
    if (auto order = a.minor <=> b.minor; order != 0)
        return order;
    if (auto order = a.revision <=> b.revision; order != 0)
        return order;
    return build == BuildNumber::compared ? a.build <=> b.build : std::strong_ordering::equal;
}

}  // namespace smp::mcuboot
