// SPDX-License-Identifier: Apache-2.0
// cobra v0.0.5 / pflag v1.0.5's rules as tools/mcumgr/command_line.cpp re-states them: the
// command found among the non-flag words, flags anywhere after, and pflag's error texts.
#include "command_line.hpp"
#include "commands.hpp"

#include <gtest/gtest.h>

namespace {

using namespace mcumgr;
using Kind = ParseOutcome::Kind;

class McumgrCommandLine : public ::testing::Test {
  protected:
    ParseOutcome parse(std::vector<std::string> args) { return parse_command_line(*root_, args); }
    std::unique_ptr<Command> root_ = build_command_tree();
};

TEST_F(McumgrCommandLine, FlagsBeforeAndAfterTheCommandAndItsArguments) {
    const auto o = parse({"-t", "30", "image", "upload", "app.bin", "-e", "-n", "1"});
    ASSERT_EQ(o.kind, Kind::run) << o.error;
    EXPECT_EQ(o.invocation.command->path(), "mcumgr image upload");
    EXPECT_EQ(o.invocation.args, std::vector<std::string>{"app.bin"});
    EXPECT_EQ(o.invocation.number("timeout"), 30.0);
    EXPECT_TRUE(o.invocation.flag("noerase"));
    EXPECT_EQ(o.invocation.integer("image"), 1);
    EXPECT_EQ(o.invocation.changed.count("maxwinsize"), 0u);
    EXPECT_EQ(o.invocation.integer("maxwinsize"), 5);  // the Go tool's default
}

TEST_F(McumgrCommandLine, ValuesJoinedShortRunsAndBooleans) {
    const auto o = parse({"--connstring=dev=/dev/x,baud=1", "-t0.5", "--conntype", "serial",
                          "--write-rsp", "image", "upload", "f", "-e=false", "-u"});
    ASSERT_EQ(o.kind, Kind::run) << o.error;
    EXPECT_EQ(o.invocation.text("connstring"), "dev=/dev/x,baud=1");
    EXPECT_EQ(o.invocation.number("timeout"), 0.5);
    EXPECT_FALSE(o.invocation.flag("noerase"));
    EXPECT_TRUE(o.invocation.flag("upgrade"));
    EXPECT_TRUE(o.invocation.flag("write-rsp"));
}

TEST_F(McumgrCommandLine, DoubleDashEndsTheFlags) {
    const auto o = parse({"shell", "exec", "--", "ls", "-l"});
    ASSERT_EQ(o.kind, Kind::run) << o.error;
    EXPECT_EQ(o.invocation.args, (std::vector<std::string>{"ls", "-l"}));
}

TEST_F(McumgrCommandLine, UnknownCommandsAtTheRootWithSuggestions) {
    const auto o = parse({"imag", "list"});
    EXPECT_EQ(o.kind, Kind::command_error);
    EXPECT_EQ(o.error, "unknown command \"imag\" for \"mcumgr\"\n\nDid you mean this?\n\timage\n");
    // Below the root cobra does no such check: the group prints its help.
    EXPECT_EQ(parse({"image", "frobnicate"}).kind, Kind::help);
    EXPECT_EQ(parse({"image", "list", "--help"}).kind, Kind::help);
}

TEST_F(McumgrCommandLine, PflagErrorTexts) {
    EXPECT_EQ(parse({"--bogus"}).error, "unknown flag: --bogus");
    EXPECT_EQ(parse({"-x"}).error, "unknown shorthand flag: 'x' in -x");
    EXPECT_EQ(parse({"image", "upload", "f", "-n"}).error, "flag needs an argument: 'n' in -n");
    EXPECT_EQ(parse({"echo", "--timeout"}).error, "flag needs an argument: --timeout");
    EXPECT_EQ(parse({"image", "upload", "f", "-n", "one"}).error,
              "invalid argument \"one\" for \"-n, --image\" flag: strconv.ParseInt: parsing "
              "\"one\": invalid syntax");
    EXPECT_EQ(parse({"--tries", "2x"}).error,
              "invalid argument \"2x\" for \"-r, --tries\" flag: strconv.ParseInt: parsing "
              "\"2x\": invalid syntax");
    EXPECT_EQ(parse({"---x"}).error, "bad flag syntax: ---x");
    EXPECT_EQ(parse({"--write-rsp=maybe"}).error,
              "invalid argument \"maybe\" for \"--write-rsp\" flag: strconv.ParseBool: parsing "
              "\"maybe\": invalid syntax");
}

}  // namespace
