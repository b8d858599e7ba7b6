// SPDX-License-Identifier: Apache-2.0
// The image reader and builder against MCUboot's imgtool (2.5.0, from the venv made by
// scripts/setup-python-peers.sh): imgtool signs images, we parse them, and every field we
// report must agree with `imgtool dumpinfo`; images we build must pass `imgtool verify`.
#include <smp/mcuboot/image_builder.hpp>
#include <smp/mcuboot/image_file.hpp>

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace smp::mcuboot {
namespace {

namespace fs = std::filesystem;

constexpr const char* python = SMP_PYTHON;

struct CommandResult {
    int status = -1;
    std::string output{};
};

// Runs `python -m imgtool.main <args>` and captures stdout+stderr.
CommandResult imgtool(const std::string& args) {
    const std::string command = std::string("'") + python + "' -m imgtool.main " + args + " 2>&1";
    CommandResult run;
    std::FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe)
        return run;
    std::array<char, 4096> buffer{};
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
        run.output.append(buffer.data(), n);
    const int raw = ::pclose(pipe);
    run.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    return run;
}

std::uint64_t number(const std::string& text) {
    return std::stoull(text, nullptr, 0);
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    const auto e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// The value in the last "(0x..)" of a line.
std::optional<std::uint64_t> parenthesised_hex(const std::string& line) {
    const auto open = line.rfind("(0x");
    const auto close = line.find(')', open == std::string::npos ? 0 : open);
    if (open == std::string::npos || close == std::string::npos)
        return std::nullopt;
    return number(line.substr(open + 1, close - open - 1));
}

struct DumpTlv {
    std::uint16_t type = 0;
    std::size_t len = 0;
    Bytes data{};
};

// What `imgtool dumpinfo` printed, parsed from its human-readable layout.
struct Dump {
    std::uint32_t magic = 0, load_addr = 0, img_size = 0, flags = 0;
    std::uint16_t hdr_size = 0, protected_tlv_size = 0;
    ImageVersion version{};
    std::uint16_t prot_magic = 0, prot_tot = 0, tlv_magic = 0, tlv_tot = 0;
    std::vector<DumpTlv> prot_tlvs{}, tlvs{};
    bool trailer = false;
    std::optional<std::uint8_t> image_ok{};
};

ImageVersion parse_version(const std::string& text) {  // "1.2.3+4"
    ImageVersion v;
    unsigned major = 0, minor = 0, revision = 0, build = 0;
    EXPECT_EQ(std::sscanf(text.c_str(), "%u.%u.%u+%u", &major, &minor, &revision, &build), 4)
        << text;
    v.major = static_cast<std::uint8_t>(major);
    v.minor = static_cast<std::uint8_t>(minor);
    v.revision = static_cast<std::uint16_t>(revision);
    v.build = build;
    return v;
}

Dump parse_dump(const std::string& text) {
    Dump d;
    enum { other, header, prot, main, trailer } section = other;
    std::vector<DumpTlv>* tlvs = nullptr;
    bool in_data = false, in_flags = false;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("####", 0) == 0) {
            in_data = in_flags = false;
            if (line.find("Image header") != std::string::npos)
                section = header;
            else if (line.find("Protected TLV area") != std::string::npos)
                section = prot, tlvs = &d.prot_tlvs;
            else if (line.find("TLV area") != std::string::npos)
                section = main, tlvs = &d.tlvs;
            else if (line.find("Image trailer") != std::string::npos)
                section = trailer, d.trailer = true;
            else
                section = other;
            continue;
        }
        const auto colon = line.find(':');
        const std::string key = colon == std::string::npos ? "" : trim(line.substr(0, colon));
        const std::string value = colon == std::string::npos ? "" : trim(line.substr(colon + 1));
        if (section == header) {
            if (colon == std::string::npos) {
                if (in_flags)
                    d.flags |= static_cast<std::uint32_t>(parenthesised_hex(line).value_or(0));
                continue;
            }
            in_flags = key == "flags";
            if (key == "magic")
                d.magic = static_cast<std::uint32_t>(number(value));
            if (key == "load_addr")
                d.load_addr = static_cast<std::uint32_t>(number(value));
            if (key == "hdr_size")
                d.hdr_size = static_cast<std::uint16_t>(number(value));
            if (key == "protected_tlv_size")
                d.protected_tlv_size = static_cast<std::uint16_t>(number(value));
            if (key == "img_size")
                d.img_size = static_cast<std::uint32_t>(number(value));
            if (key == "flags")
                d.flags = value.find('(') == std::string::npos
                              ? static_cast<std::uint32_t>(number(value))
                              : static_cast<std::uint32_t>(parenthesised_hex(value).value_or(0));
            if (key == "version")
                d.version = parse_version(value);
        } else if (section == prot || section == main) {
            auto& magic = section == prot ? d.prot_magic : d.tlv_magic;
            auto& tot = section == prot ? d.prot_tot : d.tlv_tot;
            if (line.find("-----") != std::string::npos) {
                in_data = false;
            } else if (key == "magic") {
                magic = static_cast<std::uint16_t>(number(value));
            } else if (key == "area size") {
                tot = static_cast<std::uint16_t>(number(value));
            } else if (key == "type") {
                tlvs->push_back(
                    {static_cast<std::uint16_t>(parenthesised_hex(value).value_or(0)), 0, {}});
                in_data = false;
            } else if (key == "len") {
                tlvs->back().len = number(value);
            } else if (key == "data" || (in_data && colon == std::string::npos)) {
                in_data = true;
                std::istringstream bytes(key == "data" ? value : line);
                for (std::string b; bytes >> b;)
                    tlvs->back().data.push_back(static_cast<std::uint8_t>(number(b)));
            }
        } else if (section == trailer && key == "image_ok") {
            if (auto v = parenthesised_hex(value))
                d.image_ok = static_cast<std::uint8_t>(*v);
        }
    }
    return d;
}

class Imgtool : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = fs::temp_directory_path() / ("smp-imgtool-" + std::to_string(::getpid()));
        fs::create_directories(dir_);
        if (!fs::exists(python))
            return;
        keygen_ok_ = imgtool("keygen -k " + path("ec256.pem") + " -t ecdsa-p256").status == 0 &&
                     imgtool("keygen -k " + path("rsa2048.pem") + " -t rsa-2048").status == 0;
        std::ofstream body(raw_path("app.bin"), std::ios::binary);
        for (int i = 0; i < 1500; ++i)
            body.put(static_cast<char>(i * 13 + 7));
    }
    static void TearDownTestSuite() { fs::remove_all(dir_); }

    void SetUp() override {
        ASSERT_TRUE(fs::exists(python))
            << "The Python venv with imgtool is missing (" << python
            << "). Run scripts/setup-python-peers.sh, then re-run this test.";
        ASSERT_TRUE(keygen_ok_) << "imgtool keygen failed: is imgtool installed in " << python
                                << "? Run scripts/setup-python-peers.sh.";
    }

    // Quoted for the shell. Appended piece by piece on purpose: `"'" + std::string&&` makes
    // g++ 12 at -O3 report a bogus -Wrestrict (GCC bug 105651), which breaks -Werror builds.
    static std::string path(const std::string& name) {
        std::string quoted;
        quoted += '\'';
        quoted += (dir_ / name).string();
        quoted += '\'';
        return quoted;
    }
    static std::string raw_path(const std::string& name) { return (dir_ / name).string(); }

    // imgtool sign <options> app.bin <out>.
    static ::testing::AssertionResult sign(const std::string& options, const std::string& out) {
        const CommandResult run =
            imgtool("sign " + options + " " + path("app.bin") + " " + path(out));
        if (run.status != 0)
            return ::testing::AssertionFailure() << "imgtool sign " << options << ":\n"
                                                 << run.output;
        return ::testing::AssertionSuccess();
    }

    // Loads `name` with our reader and compares every field with imgtool dumpinfo.
    static ImageFile expect_agrees(const std::string& name) {
        auto file = load_image_file(raw_path(name));
        EXPECT_TRUE(file) << name << ": " << (file ? "" : file.error().message());
        if (!file)
            return {};
        const CommandResult run = imgtool("dumpinfo " + path(name));
        EXPECT_EQ(run.status, 0) << run.output;
        const Dump d = parse_dump(run.output);
        const McubootImage& img = file->image;
        EXPECT_EQ(img.header.magic, d.magic);
        EXPECT_EQ(img.header.load_addr, d.load_addr);
        EXPECT_EQ(img.header.hdr_size, d.hdr_size);
        EXPECT_EQ(img.header.protect_tlv_size, d.protected_tlv_size);
        EXPECT_EQ(img.header.img_size, d.img_size);
        EXPECT_EQ(img.header.flags, d.flags);
        EXPECT_EQ(img.header.version, d.version);
        EXPECT_EQ(img.tlv_total, d.tlv_tot);
        EXPECT_EQ(d.tlv_magic, tlv_info_magic);
        if (d.protected_tlv_size != 0) {
            EXPECT_EQ(d.prot_magic, protected_tlv_info_magic);
            EXPECT_EQ(img.protected_tlv_total, d.prot_tot);
        }
        std::vector<DumpTlv> all = d.prot_tlvs;
        all.insert(all.end(), d.tlvs.begin(), d.tlvs.end());
        EXPECT_EQ(img.tlvs.size(), all.size());
        EXPECT_FALSE(all.empty());
        for (std::size_t i = 0; i < std::min(all.size(), img.tlvs.size()); ++i) {
            EXPECT_EQ(img.tlvs[i].type, all[i].type) << "TLV " << i;
            EXPECT_EQ(img.tlvs[i].value.size(), all[i].len) << "TLV " << i;
            EXPECT_EQ(img.tlvs[i].value, all[i].data) << "TLV " << i;
            EXPECT_EQ(img.tlvs[i].in_protected_area, i < d.prot_tlvs.size());
        }
        const auto hash_tlv = std::find_if(all.begin(), all.end(), [](const DumpTlv& t) {
            return t.type >= 0x10 && t.type <= 0x12;
        });
        EXPECT_NE(hash_tlv, all.end());
        if (hash_tlv != all.end()) {
            EXPECT_EQ(img.hash, hash_tlv->data);
        }
        EXPECT_EQ(img.padded(), d.trailer);
        if (img.trailer) {
            EXPECT_EQ(img.trailer->image_ok, d.image_ok.value_or(0xff));
        }
        return std::move(*file);
    }

    static inline fs::path dir_{};
    static inline bool keygen_ok_ = false;
};

TEST_F(Imgtool, UnsignedImage) {
    ASSERT_TRUE(sign("-v 1.2.3+4 -H 0x200 --pad-header -S 0x10000", "unsigned.bin"));
    const ImageFile f = expect_agrees("unsigned.bin");
    EXPECT_EQ(f.image.version_string(), "1.2.3.4");
    EXPECT_EQ(f.image.hash_algorithm, HashAlgorithm::sha256);
    EXPECT_TRUE(f.image.signatures().empty());
    EXPECT_FALSE(f.image.padded());
    EXPECT_EQ(f.image.header.img_size, 1500u);
    // imgtool verify prints the image digest our reader computed.
    const CommandResult verify = imgtool("verify " + path("unsigned.bin"));
    EXPECT_EQ(verify.status, 0) << verify.output;
    EXPECT_NE(verify.output.find("Image digest: " + to_hex(f.image.hash)), std::string::npos)
        << verify.output;
}

TEST_F(Imgtool, EcdsaP256WithProtectedTlvs) {
    ASSERT_TRUE(sign("-k " + path("ec256.pem") +
                         " -v 2.0.0 -H 0x200 --pad-header -S 0x10000 -s 7 --boot-record BL2 "
                         "--custom-tlv 0xa0 0x1234 --non-bootable",
                     "ecdsa.bin"));
    const ImageFile f = expect_agrees("ecdsa.bin");
    EXPECT_EQ(f.image.version_string(), "2.0.0");
    EXPECT_EQ(f.image.security_counter, 7u);
    EXPECT_NE(f.image.header.protect_tlv_size, 0);
    EXPECT_NE(f.image.find(static_cast<std::uint16_t>(TlvType::boot_record)), nullptr);
    EXPECT_NE(f.image.find(0xa0), nullptr);
    EXPECT_EQ(f.image.signatures(), (std::vector<std::string_view>{"ECDSA_SIG"}));
    EXPECT_NE(f.image.find(static_cast<std::uint16_t>(TlvType::keyhash)), nullptr);
    EXPECT_TRUE(f.image.header.flags & flag_non_bootable);
}

TEST_F(Imgtool, Rsa2048WithFullPublicKey) {
    ASSERT_TRUE(
        sign("-k " + path("rsa2048.pem") +
                 " --public-key-format full -v 0.1.2 -H 0x20 --pad-header -S 0x10000 -L 0x20000000",
             "rsa.bin"));
    const ImageFile f = expect_agrees("rsa.bin");
    EXPECT_EQ(f.image.signatures(), (std::vector<std::string_view>{"RSA2048_PSS"}));
    EXPECT_NE(f.image.find(static_cast<std::uint16_t>(TlvType::pubkey)), nullptr);
    EXPECT_EQ(f.image.header.load_addr, 0x20000000u);
    EXPECT_TRUE(f.image.header.flags & flag_ram_load);
}

TEST_F(Imgtool, Sha512AndSha384HashTlvs) {
    ASSERT_TRUE(sign("--sha 512 -v 1.0.0 -H 0x200 --pad-header -S 0x10000", "sha512.bin"));
    EXPECT_EQ(expect_agrees("sha512.bin").image.hash_algorithm, HashAlgorithm::sha512);
    ASSERT_TRUE(sign("--sha 384 -v 1.0.0 -H 0x200 --pad-header -S 0x10000", "sha384.bin"));
    EXPECT_EQ(expect_agrees("sha384.bin").image.hash_algorithm, HashAlgorithm::sha384);
}

TEST_F(Imgtool, PaddedAndConfirmedSlots) {
    ASSERT_TRUE(sign("-v 1.0.0 -H 0x200 --pad-header -S 0x8000 --pad", "padded.bin"));
    const ImageFile padded = expect_agrees("padded.bin");
    EXPECT_EQ(padded.bytes.size(), 0x8000u);
    EXPECT_TRUE(padded.image.padded());
    EXPECT_FALSE(padded.image.confirmed());

    ASSERT_TRUE(sign("-v 1.0.0 -H 0x200 --pad-header -S 0x8000 --confirm", "confirmed.bin"));
    const ImageFile confirmed = expect_agrees("confirmed.bin");
    EXPECT_TRUE(confirmed.image.confirmed());
    EXPECT_EQ(confirmed.image.hash, padded.image.hash);  // the trailer is not hashed
    EXPECT_NE(confirmed.image.file_sha256, padded.image.file_sha256);

    ASSERT_TRUE(
        sign("-v 1.0.0 -H 0x200 --pad-header -S 0x8000 --confirm --max-align 32", "align32.bin"));
    const ImageFile align32 = expect_agrees("align32.bin");
    ASSERT_TRUE(align32.image.trailer);
    EXPECT_EQ(align32.image.trailer->max_align, 32u);
    EXPECT_TRUE(align32.image.confirmed());
}

TEST_F(Imgtool, IntelHexOutput) {
    ASSERT_TRUE(sign("-v 1.2.3 -H 0x200 --pad-header -S 0x10000 -x 0x0800c000", "app.hex"));
    ASSERT_TRUE(sign("-v 1.2.3 -H 0x200 --pad-header -S 0x10000", "same.bin"));
    const ImageFile hex = expect_agrees("app.hex");
    EXPECT_EQ(hex.format, FileFormat::intel_hex);
    EXPECT_EQ(hex.base_address, 0x0800c000u);
    auto bin = load_image_file(raw_path("same.bin"));
    ASSERT_TRUE(bin);
    EXPECT_EQ(hex.bytes, bin->bytes);

    // Padded HEX: the trailer sits far after the image, the gap is filled with 0xFF.
    ASSERT_TRUE(
        sign("-v 1.2.3 -H 0x200 --pad-header -S 0x20000 -x 0x10000000 --confirm", "padded.hex"));
    const ImageFile padded = expect_agrees("padded.hex");
    EXPECT_EQ(padded.base_address, 0x10000000u);
    EXPECT_EQ(padded.bytes.size(), 0x20000u);
    EXPECT_TRUE(padded.image.confirmed());
}

TEST_F(Imgtool, TamperedImageIsRejectedByBoth) {
    ASSERT_TRUE(sign("-v 1.0.0 -H 0x200 --pad-header -S 0x10000", "tampered.bin"));
    std::fstream f(raw_path("tampered.bin"), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(0x300);
    f.put('\x5a');
    f.close();
    auto ours = load_image_file(raw_path("tampered.bin"));
    ASSERT_FALSE(ours);
    EXPECT_EQ(ours.error().code, make_error_code(Errc::bad_image));
    EXPECT_NE(imgtool("verify " + path("tampered.bin")).status, 0);
}

// Images from our builder pass imgtool verify and read back the same through dumpinfo.
TEST_F(Imgtool, BuilderOutputPassesImgtoolVerify) {
    struct Case {
        const char* name;
        ImageBuildOptions options;
    };
    const std::vector<Case> cases = {
        {"built-min.bin", {.version = {1, 0, 0, 0}}},
        {"built-full.bin",
         {.version = {3, 4, 5, 6},
          .header_size = 0x200,
          .load_addr = 0x1000,
          .security_counter = 9,
          .protected_tlvs = {{0xa1, Bytes{1, 2, 3}}}}},
        {"built-sha512.bin", {.version = {1, 1, 1, 0}, .hash = HashAlgorithm::sha512}},
        {"built-slot.bin",
         {.version = {2, 2, 2, 0}, .header_size = 0x200, .slot_size = 0x4000, .confirm = true}},
    };
    const Bytes payload(777, 0xc3);
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto bytes = build_mcuboot_image(payload, c.options);
        ASSERT_TRUE(bytes) << bytes.error().message();
        std::ofstream(raw_path(c.name), std::ios::binary)
            .write(reinterpret_cast<const char*>(bytes->data()),
                   static_cast<std::streamsize>(bytes->size()));
        const CommandResult verify = imgtool("verify " + path(c.name));
        EXPECT_EQ(verify.status, 0) << verify.output;
        EXPECT_NE(verify.output.find("Image was correctly validated"), std::string::npos)
            << verify.output;
        const ImageFile f = expect_agrees(c.name);
        EXPECT_EQ(f.image.header.version, c.options.version);
    }
}

}  // namespace
}  // namespace smp::mcuboot
