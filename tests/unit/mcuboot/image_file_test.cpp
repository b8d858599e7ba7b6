// SPDX-License-Identifier: Apache-2.0
// Loading images from files: format by extension or content, errors carry the file name.
#include <smp/mcuboot/image_builder.hpp>
#include <smp/mcuboot/image_file.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace smp::mcuboot {
namespace {

namespace fs = std::filesystem;

// Intel HEX text for `data` at `base` (04 record, 16-byte data records, EOF).
std::string to_intel_hex(ByteView data, std::uint32_t base) {
    std::string out;
    auto emit = [&out](std::uint8_t type, std::uint16_t address, ByteView bytes) {
        Bytes all = {static_cast<std::uint8_t>(bytes.size()),
                     static_cast<std::uint8_t>(address >> 8), static_cast<std::uint8_t>(address),
                     type};
        all.insert(all.end(), bytes.begin(), bytes.end());
        std::uint8_t sum = 0;
        for (auto b : all)
            sum = static_cast<std::uint8_t>(sum + b);
        all.push_back(static_cast<std::uint8_t>(-sum));
        char buf[3];
        out += ':';
        for (auto b : all) {
            std::snprintf(buf, sizeof buf, "%02X", b);
            out += buf;
        }
        out += '\n';
    };
    const Bytes upper = {static_cast<std::uint8_t>(base >> 24),
                         static_cast<std::uint8_t>(base >> 16)};
    emit(4, 0, upper);
    for (std::size_t i = 0; i < data.size(); i += 16)
        emit(0, static_cast<std::uint16_t>(base + i),
             data.subspan(i, std::min<std::size_t>(16, data.size() - i)));
    emit(1, 0, {});
    return out;
}

class ImageFile : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("smp-image-file-test-" +
                std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(dir_);
        image_ = build_mcuboot_image(Bytes(300, 0x42), {.version = {3, 1, 0, 0}}).value();
    }
    void TearDown() override { fs::remove_all(dir_); }
    std::string write(const std::string& name, std::string_view content) {
        const auto path = (dir_ / name).string();
        std::ofstream(path, std::ios::binary)
            .write(content.data(), static_cast<std::streamsize>(content.size()));
        return path;
    }
    std::string_view image_text() const {
        return {reinterpret_cast<const char*>(image_.data()), image_.size()};
    }
    fs::path dir_{};
    Bytes image_{};
};

TEST_F(ImageFile, LoadsBinary) {
    auto file = load_image_file(write("app.bin", image_text()));
    ASSERT_TRUE(file) << file.error().message();
    EXPECT_EQ(file->format, FileFormat::binary);
    EXPECT_FALSE(file->base_address);
    EXPECT_EQ(file->bytes, image_);
    EXPECT_EQ(file->image.version_string(), "3.1.0");
    EXPECT_EQ(file->image.file_sha256, sha256(image_));
}

TEST_F(ImageFile, LoadsIntelHexByExtensionAndByContent) {
    const std::string hex = to_intel_hex(image_, 0x0800c000);
    for (const char* name : {"app.hex", "app.HEX", "app.txt"}) {
        auto file = load_image_file(write(name, hex));
        ASSERT_TRUE(file) << name << ": " << file.error().message();
        EXPECT_EQ(file->format, FileFormat::intel_hex);
        EXPECT_EQ(file->base_address, 0x0800c000u);
        EXPECT_EQ(file->bytes, image_);
        EXPECT_EQ(file->image.file_sha256, sha256(image_));
    }
}

TEST_F(ImageFile, HexExtensionForcesHexParsing) {
    auto file = load_image_file(write("app.hex", image_text()));
    ASSERT_FALSE(file);
    EXPECT_EQ(file.error().code, make_error_code(Errc::bad_hex));
    EXPECT_NE(file.error().detail.find("app.hex: line 1"), std::string::npos)
        << file.error().detail;
}

TEST_F(ImageFile, BadImageNamesTheFile) {
    Bytes broken = image_;
    broken[100] ^= 1;
    auto file = read_image(broken, "broken.bin");
    ASSERT_FALSE(file);
    EXPECT_EQ(file.error().code, make_error_code(Errc::bad_image));
    EXPECT_EQ(file.error().detail.rfind("broken.bin: SHA256 mismatch", 0), 0u)
        << file.error().detail;
}

TEST_F(ImageFile, MissingFile) {
    auto file = load_image_file((dir_ / "nope.bin").string());
    ASSERT_FALSE(file);
    EXPECT_EQ(file.error().code, std::errc::no_such_file_or_directory);
    EXPECT_NE(file.error().detail.find("nope.bin"), std::string::npos);
}

}  // namespace
}  // namespace smp::mcuboot

namespace smp::mcuboot {
namespace {

// The fuzz seeds must stay valid inputs, or the fuzzer starts from rejects only.
TEST(FuzzSeeds, ImageReaderSeedsAreValidImages) {
    const fs::path dir =
        fs::path(SMP_TEST_DATA_DIR).parent_path().parent_path() / "fuzz" / "corpus";
    int count = 0;
    for (const auto& entry : fs::directory_iterator(dir / "image_reader")) {
        auto file = load_image_file(entry.path().string());
        EXPECT_TRUE(file) << entry.path() << ": " << (file ? "" : file.error().message());
        ++count;
    }
    EXPECT_GE(count, 3);
    for (const auto& entry : fs::directory_iterator(dir / "intel_hex")) {
        std::ifstream in(entry.path());
        const std::string text((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
        auto hex = parse_intel_hex(text);
        EXPECT_TRUE(hex) << entry.path() << ": " << (hex ? "" : hex.error().message());
    }
}

}  // namespace
}  // namespace smp::mcuboot
