// SPDX-License-Identifier: Apache-2.0
#pragma once
// The prebuilt Zephyr 4.4 / MCUboot SMP servers of shared/zephyr-fixtures: what manifest.json
// says of each one, and where the directory is. A missing or corrupt fixture is an error
// (FixtureUnavailable) whose message says where to get the files: these tests fail, never skip.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace smp_zephyr {

/// A fixture that cannot be used: absent, not listed in SHA256SUMS, or with a wrong digest.
struct FixtureUnavailable : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// One manifest.json entry.
struct FixtureSpec {
    std::string artifact{};   ///< the .exe (native_sim) or .hex (mps2) file name
    std::string config{};     ///< "udp", "serial_buf400", "serial_recovery" ...
    std::string target{};     ///< "native_sim" or "mps2_an385"
    std::string transport{};  ///< "serial", "serial_raw", "shell" or "udp"
    std::size_t buf_size = 0;
    std::size_t buf_count = 0;
    std::optional<std::size_t> line_length_max{};
    std::vector<std::string> groups{};
    bool mcuboot = false;
    bool serial_recovery = false;
    std::optional<std::size_t> recovery_buf_size{};  ///< when recovery answers MCUmgr params
    std::optional<std::string> ip_family{};          ///< "ipv4" / "ipv6" for UDP
    std::optional<std::uint16_t> udp_port{};
    std::optional<std::string> run{};       ///< native_sim command line
    std::optional<std::string> qemu_cmd{};  ///< mps2 command line with <PORT>

    bool has_group(std::string_view group) const;
    bool emulated() const { return qemu_cmd.has_value(); }
    /// The files the server needs in its working directory (the .signed.bin of an mps2 too).
    std::vector<std::string> files() const;
};

/// SMP_ZEPHYR_FIXTURES, or ../shared/zephyr-fixtures beside the source tree.
std::filesystem::path fixtures_dir();

/// Where a user gets the fixtures (with the directory looked in): ends every
/// FixtureUnavailable message.
std::string where_to_get_fixtures(const std::filesystem::path& dir);

/// A fixture directory: its manifest.json and SHA256SUMS, read once.
class FixtureCatalog {
  public:
    /// Errors: FixtureUnavailable when manifest.json or SHA256SUMS is missing or unreadable.
    explicit FixtureCatalog(std::filesystem::path dir);

    const std::filesystem::path& dir() const { return dir_; }
    const std::vector<FixtureSpec>& fixtures() const { return specs_; }
    /// The entry for `config`. Errors: FixtureUnavailable.
    const FixtureSpec& fixture(std::string_view config) const;
    /// Copies `spec`'s files to `destination`, checking each copy's SHA-256 against
    /// SHA256SUMS. Errors: FixtureUnavailable naming the file and both digests.
    void copy_verified(const FixtureSpec& spec, const std::filesystem::path& destination) const;

  private:
    [[noreturn]] void unavailable(const std::string& what) const;

    std::filesystem::path dir_;
    std::vector<FixtureSpec> specs_{};
    std::map<std::string, std::string> sums_{};  ///< file name -> lower-case hex digest
};

/// The catalog of fixtures_dir(), loaded on first use.
const FixtureCatalog& catalog();

/// catalog().fixture(config).
const FixtureSpec& fixture(std::string_view config);

}  // namespace smp_zephyr
