// SPDX-License-Identifier: Apache-2.0
// The harness itself: fixtures that are missing or corrupt fail with a message that says where
// to get them, every fixture in the manifest is present and intact, and a server is stopped by
// its PID.
#include "fixture_catalog.hpp"
#include "support/temp_dir.hpp"
#include "zephyr_client.hpp"
#include "zephyr_server.hpp"

#include <gtest/gtest.h>

#include <signal.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace smp_zephyr {
namespace {

namespace fs = std::filesystem;

struct ScratchDir : smp::test::TempDir {
    ScratchDir() : TempDir("smp-zephyr-harness-") {}
};

void expect_says_where_to_get_them(const std::string& message) {
    EXPECT_NE(message.find("intercreate/smp-server-fixtures"), std::string::npos) << message;
    EXPECT_NE(message.find("SMP_ZEPHYR_FIXTURES"), std::string::npos) << message;
}

TEST(Harness, AMissingFixtureDirectoryFailsAndSaysWhereToGetTheFixtures) {
    try {
        FixtureCatalog missing("/nonexistent/zephyr-fixtures");
        FAIL() << "a catalog of a missing directory was made";
    } catch (const FixtureUnavailable& e) {
        expect_says_where_to_get_them(e.what());
        EXPECT_NE(std::string(e.what()).find("/nonexistent/zephyr-fixtures"), std::string::npos);
    }
}

TEST(Harness, ACorruptFixtureIsRefusedBeforeItRuns) {
    ScratchDir copy;
    const auto& spec = fixture("serial");
    for (const char* name : {"manifest.json", "SHA256SUMS"})
        fs::copy_file(catalog().dir() / name, copy.path / name);
    fs::copy_file(catalog().dir() / spec.artifact, copy.path / spec.artifact);
    {
        std::fstream file(copy.path / spec.artifact,
                          std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(1000);
        file.put('\x5a');
    }
    ScratchDir run;
    try {
        FixtureCatalog(copy.path).copy_verified(spec, run.path);
        FAIL() << "a corrupt fixture was accepted";
    } catch (const FixtureUnavailable& e) {
        EXPECT_NE(std::string(e.what()).find("is corrupt"), std::string::npos) << e.what();
        expect_says_where_to_get_them(e.what());
    }
}

TEST(Harness, EveryFixtureOfTheManifestIsPresentAndIntact) {
    ScratchDir run;
    ASSERT_EQ(catalog().fixtures().size(), 21u) << "the fixture README lists 21 configurations";
    for (const auto& spec : catalog().fixtures())
        EXPECT_NO_THROW(catalog().copy_verified(spec, run.path)) << spec.config;
}

TEST(Harness, ServersRunInAPrivateDirectoryAndStopByTheirPid) {
    fs::path workdir;
    pid_t pid = -1;
    {
        ZephyrServer server(fixture("serial_buf96"));
        workdir = server.workdir();
        pid = server.pid();
        ASSERT_GT(pid, 0);
        EXPECT_TRUE(fs::exists(workdir / fixture("serial_buf96").artifact));
        EXPECT_EQ(::kill(pid, 0), 0) << "the server is not running";
        auto client = connect_when_answering(server);
        server.stop();
        EXPECT_EQ(::kill(pid, 0), -1);
        EXPECT_EQ(errno, ESRCH) << "the server still runs after stop()";
    }
    EXPECT_FALSE(fs::exists(workdir)) << "the private directory was left behind";
}

TEST(Harness, AnEmulatedServerGetsItsOwnTcpPort) {
    ZephyrServer first(fixture("serial_recovery_buf512"));
    ZephyrServer second(fixture("serial_recovery_buf512"));
    EXPECT_EQ(first.endpoint().kind, Endpoint::Kind::tcp);
    EXPECT_NE(first.endpoint().port, second.endpoint().port);
    auto a = connect_when_answering(first);
    auto b = connect_when_answering(second);
    EXPECT_EQ(a->params().buf_size, 512u);
    EXPECT_EQ(b->params().buf_size, 512u);
}

}  // namespace
}  // namespace smp_zephyr
