// SPDX-License-Identifier: Apache-2.0
// The client's log against smpsim: a client without a sink prints nothing, even during an
// adaptive upload (which logs each window epoch); a sink gets every line with its level.
#include <smp/client/client.hpp>
#include <smp/client/log.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "smpsim_udp.hpp"

namespace {

using namespace smp;
using namespace std::chrono_literals;

using Lines = std::vector<std::pair<LogLevel, std::string>>;

bool has(const Lines& lines, LogLevel level, std::string_view text) {
    return std::any_of(lines.begin(), lines.end(), [&](const auto& l) {
        return l.first == level && l.second.find(text) != std::string::npos;
    });
}

// Client options whose log sink keeps every line, with its level, in `lines`.
ClientOptions logging_into(Lines& lines) {
    ClientOptions options;
    options.log = [&lines](LogLevel level, std::string_view line) {
        lines.emplace_back(level, std::string(line));
    };
    return options;
}

// Enough chunks in a 512-byte budget for the adaptive window to measure several epochs.
constexpr std::size_t image_payload = 64 * 1024;

TEST(ClientLog, WithoutASinkAnUploadPrintsNothing) {
    smp_it::SmpsimProcess sim({"--udp", "127.0.0.1:0", "--buf-size", "512", "--buf-count", "4"}, 1);
    const Bytes image = smp_it::test_image(image_payload);
    ClientOptions options;  // no log sink: the default
    bool connected = false;
    bool uploaded = false;
    // smpsim, started above, keeps the real stderr: what is captured is this process's.
    testing::internal::CaptureStderr();
    {
        smp_it::ClientRunner c(smp_it::sim_udp(sim), options);
        connected = static_cast<bool>(c.run(c.client.connect()));
        uploaded = connected && static_cast<bool>(c.run(c.client.upload_image(image)));
    }
    const std::string printed = testing::internal::GetCapturedStderr();
    EXPECT_TRUE(connected);
    EXPECT_TRUE(uploaded);
    EXPECT_EQ(printed, "");
}

TEST(ClientLog, SinkGetsTheUploadsWorkingsAtDebug) {
    smp_it::SmpsimProcess sim({"--udp", "127.0.0.1:0", "--buf-size", "512", "--buf-count", "4"}, 1);
    Lines lines;
    smp_it::ClientRunner c(smp_it::sim_udp(sim), logging_into(lines));
    ASSERT_TRUE(c.run(c.client.connect()));
    auto uploaded = c.run(c.client.upload_image(smp_it::test_image(image_payload)));
    ASSERT_TRUE(uploaded) << uploaded.error().message();
    EXPECT_TRUE(has(lines, LogLevel::debug, "image upload: epoch 1 at window")) << lines.size();
    EXPECT_TRUE(has(lines, LogLevel::debug, " sends, ")) << lines.size();
    // A device that behaves has nothing to warn of.
    EXPECT_FALSE(std::any_of(lines.begin(), lines.end(),
                             [](const auto& l) { return l.first == LogLevel::warning; }));
}

// A budget too small for the image's SHA-256 in the first chunk: the upload goes on without
// resume or match check, which the user must know.
TEST(ClientLog, UploadWithoutItsIntegrityCheckIsAWarning) {
    smp_it::SmpsimProcess sim({"--udp", "127.0.0.1:0", "--buf-size", "96"}, 1);
    Lines lines;
    smp_it::ClientRunner c(smp_it::sim_udp(sim), logging_into(lines));
    ASSERT_TRUE(c.run(c.client.connect()));
    auto uploaded = c.run(c.client.upload_image(smp_it::test_image(1024)));
    ASSERT_TRUE(uploaded) << uploaded.error().message();
    EXPECT_FALSE(uploaded->match);
    EXPECT_TRUE(has(lines, LogLevel::warning, "without resume or match check")) << lines.size();
}

}  // namespace
