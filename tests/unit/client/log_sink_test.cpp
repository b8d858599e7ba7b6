// SPDX-License-Identifier: Apache-2.0
// smp::LogSink: levelled sinks, sinks of lines alone (the earlier signature), and no sink.
#include <smp/client/log.hpp>

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace {

using smp::LogLevel;
using smp::LogSink;

TEST(LogSink, EmptyIsNoSinkAndCallingItDoesNothing) {
    const LogSink none;
    EXPECT_FALSE(none);
    none(LogLevel::warning, "dropped");  // must not throw bad_function_call
}

TEST(LogSink, LevelledSinkGetsTheLevelAndTheLine) {
    std::vector<std::pair<LogLevel, std::string>> got;
    const LogSink sink = [&](LogLevel level, std::string_view line) {
        got.emplace_back(level, std::string(line));
    };
    ASSERT_TRUE(sink);
    sink(LogLevel::debug, "a");
    sink(LogLevel::warning, "b");
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0], std::make_pair(LogLevel::debug, std::string("a")));
    EXPECT_EQ(got[1], std::make_pair(LogLevel::warning, std::string("b")));
}

TEST(LogSink, LineSinkOfTheEarlierSignatureGetsEveryLevel) {
    std::vector<std::string> got;
    LogSink sink;
    sink = [&](std::string_view line) { got.emplace_back(line); };
    sink(LogLevel::debug, "d");
    sink(LogLevel::info, "i");
    sink(LogLevel::warning, "w");
    EXPECT_EQ(got, (std::vector<std::string>{"d", "i", "w"}));
}

TEST(LogSink, EmptyFunctionsStayNoSink) {
    EXPECT_FALSE(LogSink(std::function<void(std::string_view)>{}));
    EXPECT_FALSE(LogSink(std::function<void(LogLevel, std::string_view)>{}));
    void (*null_line)(std::string_view) = nullptr;
    EXPECT_FALSE(LogSink(null_line));
}

TEST(LogSink, LevelNames) {
    EXPECT_EQ(smp::to_string(LogLevel::debug), "debug");
    EXPECT_EQ(smp::to_string(LogLevel::info), "info");
    EXPECT_EQ(smp::to_string(LogLevel::warning), "warning");
}

}  // namespace
