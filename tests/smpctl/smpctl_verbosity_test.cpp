// SPDX-License-Identifier: Apache-2.0
// smpctl's log levels: without -v the library's lines stay out of stderr (warnings excepted),
// -v adds smpctl's diagnostics and the library's decisions, -vv the upload's workings.
#include "integration/smpsim_process.hpp"
#include "smpctl/smpctl_process.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace {

using namespace smpctl_test;

class SmpctlVerbosity : public ::testing::Test {
  protected:
    // smpsim over UDP with `buf_size`-byte buffers, 4 of them: an adaptive upload window.
    void start(const std::string& buf_size) {
        sim_ = std::make_unique<smp_it::SmpsimProcess>(
            std::vector<std::string>{"--udp", "127.0.0.1:0", "--buf-size", buf_size, "--buf-count",
                                     "4"},
            1);
        conn_ = "udp://" + sim_->ready[0]["address"].get<std::string>();
        image_ = (tmp_.path / "app.bin").string();
        const auto made = run_smpctl(
            {"image", "make", "--version", "1.2.3", "--size", std::to_string(image_size_), image_},
            tmp_.path);
        ASSERT_EQ(made.code, 0) << made.err;
    }
    // smpctl [FLAGS] --conn <sim> image upload <image>
    RunResult upload(std::vector<std::string> flags) {
        flags.insert(flags.end(), {"--conn", conn_, "image", "upload", image_});
        return run_smpctl(flags, tmp_.path);
    }

    TempDir tmp_;
    std::unique_ptr<smp_it::SmpsimProcess> sim_;
    std::string conn_, image_;
    int image_size_ = 60000;
};

bool has(const std::string& text, const std::string& what) {
    return text.find(what) != std::string::npos;
}

TEST_F(SmpctlVerbosity, DefaultShowsNoneOfTheLibrarysLines) {
    start("512");
    const auto r = upload({});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(has(r.err, "uploaded")) << r.err;  // its status lines, as before
    EXPECT_FALSE(has(r.err, "smpctl: ")) << r.err;
    const auto quiet = upload({"-q"});
    ASSERT_EQ(quiet.code, 0) << quiet.err;
    EXPECT_EQ(quiet.err, "");
}

TEST_F(SmpctlVerbosity, OneVShowsDiagnosticsButNotTheUploadsWorkings) {
    start("512");
    const auto r = upload({"-v"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(has(r.err, "smpctl: connecting to udp://")) << r.err;
    EXPECT_FALSE(has(r.err, "image upload: epoch")) << r.err;
    EXPECT_FALSE(has(r.err, " sends, ")) << r.err;
}

TEST_F(SmpctlVerbosity, TwoVsShowTheUploadsWorkings) {
    start("512");
    const auto r = upload({"-vv"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(has(r.err, "smpctl: connecting to udp://")) << r.err;
    EXPECT_TRUE(has(r.err, "smpctl: image upload: epoch 1 at window")) << r.err;
    EXPECT_TRUE(has(r.err, " sends, ")) << r.err;
}

// A budget too small for the SHA-256 in the first chunk: the upload has no integrity check,
// which smpctl says even when asked to be quiet.
TEST_F(SmpctlVerbosity, WarningsAreAlwaysShown) {
    image_size_ = 2000;
    start("96");
    const auto r = upload({"-q"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(has(r.err, "smpctl: warning: message budget too small for the sha")) << r.err;
}

}  // namespace
