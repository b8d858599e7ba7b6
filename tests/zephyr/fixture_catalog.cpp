// SPDX-License-Identifier: Apache-2.0
#include "fixture_catalog.hpp"

#include <smp/mcuboot/sha256.hpp>
#include <smp/protocol/bytes.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <sstream>

namespace smp_zephyr {

namespace fs = std::filesystem;

namespace {

std::optional<std::string> read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    return std::string{std::istreambuf_iterator<char>(in), {}};
}

template <class T>
std::optional<T> optional_field(const nlohmann::json& entry, const char* key) {
    const auto it = entry.find(key);
    if (it == entry.end() || it->is_null())
        return std::nullopt;
    return it->get<T>();
}

FixtureSpec parse_entry(const nlohmann::json& e) {
    FixtureSpec spec;
    spec.artifact = e.at("artifact").get<std::string>();
    spec.config = e.at("config").get<std::string>();
    spec.target = e.at("target").get<std::string>();
    spec.transport = e.at("transport").get<std::string>();
    spec.buf_size = e.at("buf_size").get<std::size_t>();
    spec.buf_count = e.at("buf_count").get<std::size_t>();
    spec.line_length_max = optional_field<std::size_t>(e, "line_length_max");
    spec.groups = e.at("groups").get<std::vector<std::string>>();
    spec.mcuboot = e.value("mcuboot", false);
    spec.serial_recovery = e.value("serial_recovery", false);
    spec.recovery_buf_size = optional_field<std::size_t>(e, "recovery_buf_size");
    spec.ip_family = optional_field<std::string>(e, "ip_family");
    spec.udp_port = optional_field<std::uint16_t>(e, "udp_port");
    spec.run = optional_field<std::string>(e, "run");
    spec.qemu_cmd = optional_field<std::string>(e, "qemu_cmd");
    return spec;
}

}  // namespace

bool FixtureSpec::has_group(std::string_view group) const {
    return std::find(groups.begin(), groups.end(), group) != groups.end();
}

std::vector<std::string> FixtureSpec::files() const {
    if (!qemu_cmd)
        return {artifact};
    // Every `file=NAME` the QEMU loader is given (the .hex and the .signed.bin).
    std::vector<std::string> names;
    static const std::regex loader_file(R"(file=([^,\s]+))");
    for (std::sregex_iterator it(qemu_cmd->begin(), qemu_cmd->end(), loader_file), end; it != end;
         ++it)
        names.push_back((*it)[1].str());
    return names;
}

fs::path fixtures_dir() {
    if (const char* dir = std::getenv("SMP_ZEPHYR_FIXTURES"); dir != nullptr && *dir != '\0')
        return dir;
    return fs::path(SMP_SOURCE_DIR) / ".." / "shared" / "zephyr-fixtures";
}

std::string where_to_get_fixtures(const fs::path& dir) {
    return "The real Zephyr/MCUboot SMP servers are looked for in " + dir.string() +
           " (SMP_ZEPHYR_FIXTURES names another directory). Get them from the public "
           "intercreate/smp-server-fixtures releases 0eae053d (Zephyr 4.4.0) and 27c54835 "
           "(the serial_recovery fixtures), with their manifest.json and SHA256SUMS; "
           "intercreate/smpclient vendors the same files under tests/fixtures/smp-server/.";
}

FixtureCatalog::FixtureCatalog(fs::path dir) : dir_(std::move(dir)) {
    const auto manifest = read_text(dir_ / "manifest.json");
    if (!manifest)
        unavailable("cannot read " + (dir_ / "manifest.json").string());
    try {
        for (const auto& entry : nlohmann::json::parse(*manifest))
            specs_.push_back(parse_entry(entry));
    } catch (const nlohmann::json::exception& e) {
        unavailable((dir_ / "manifest.json").string() + " is not a valid manifest: " + e.what());
    }
    const auto sums = read_text(dir_ / "SHA256SUMS");
    if (!sums)
        unavailable("cannot read " + (dir_ / "SHA256SUMS").string());
    std::istringstream lines(*sums);
    std::string digest, name;
    while (lines >> digest >> name)
        sums_[name.starts_with('*') ? name.substr(1) : name] = digest;
}

void FixtureCatalog::unavailable(const std::string& what) const {
    throw FixtureUnavailable(what + "\n" + where_to_get_fixtures(dir_));
}

const FixtureSpec& FixtureCatalog::fixture(std::string_view config) const {
    for (const auto& spec : specs_)
        if (spec.config == config)
            return spec;
    unavailable("manifest.json has no fixture \"" + std::string(config) + "\"");
}

void FixtureCatalog::copy_verified(const FixtureSpec& spec, const fs::path& destination) const {
    for (const auto& name : spec.files()) {
        const auto source = dir_ / name;
        if (!fs::is_regular_file(source))
            unavailable("fixture file " + source.string() + " is missing");
        const auto listed = sums_.find(name);
        if (listed == sums_.end())
            unavailable(name + " is not listed in " + (dir_ / "SHA256SUMS").string());
        const auto target = destination / name;
        fs::copy_file(source, target, fs::copy_options::overwrite_existing);
        // The copy is what runs, so the copy is what is checked.
        const auto digest = smp::to_hex(smp::mcuboot::sha256(smp::as_bytes(*read_text(target))));
        if (digest != listed->second)
            unavailable("fixture file " + source.string() + " is corrupt: its SHA-256 is " +
                        digest + ", SHA256SUMS says " + listed->second);
        fs::permissions(target, fs::perms::owner_all, fs::perm_options::add);
    }
}

const FixtureCatalog& catalog() {
    static const FixtureCatalog loaded(fixtures_dir());
    return loaded;
}

const FixtureSpec& fixture(std::string_view config) {
    return catalog().fixture(config);
}

}  // namespace smp_zephyr
