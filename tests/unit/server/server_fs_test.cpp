// SPDX-License-Identifier: Apache-2.0
// File system group (8) of smp::server: Zephyr fs_mgmt's offset rules, hashes, and the sandbox.
#include "unit/server/server_test_util.hpp"

#include <smp/mcuboot/sha256.hpp>
#include <smp/protocol/messages/fs.hpp>

#include <fstream>

namespace {

using smp::cbor::Value;
using namespace smp_test;

using namespace std::chrono_literals;

struct FsDevice {
    explicit FsDevice(
        std::chrono::milliseconds idle_close = smp::server::DeviceConfig{}.fs_idle_close)
        : config(make_config(dir, idle_close)) {}

    static smp::server::DeviceConfig make_config(const TempDir& dir,
                                                 std::chrono::milliseconds idle_close) {
        smp::server::DeviceConfig c;
        c.fs_root = dir.path / "root";
        c.fs_idle_close = idle_close;
        return c;
    }

    TempDir dir;
    smp::server::DeviceConfig config;
    smp::server::Device device{config};

    Value upload(const std::string& name, std::uint64_t off, const smp::Bytes& data,
                 std::optional<std::uint64_t> len = std::nullopt,
                 smp::Version version = smp::Version::v2) {
        return upload_at(smp::server::Duration{0}, name, off, data, len, version);
    }
    // The same request, arriving `now` after power-on.
    Value upload_at(smp::server::Duration now, const std::string& name, std::uint64_t off,
                    const smp::Bytes& data, std::optional<std::uint64_t> len = std::nullopt,
                    smp::Version version = smp::Version::v2) {
        return call(device, smp::fs::FileUpload{.off = off, .data = data, .name = name, .len = len},
                    version, now)
            .body;
    }
    void append_host(const std::string& rel, const std::string& text) const {
        std::ofstream(host(rel), std::ios::binary | std::ios::app) << text;
    }
    std::filesystem::path host(const std::string& rel) const { return config.fs_root / rel; }
    void write_host(const std::string& rel, const std::string& text) const {
        std::ofstream(host(rel), std::ios::binary) << text;
    }
    std::string read_host(const std::string& rel) const {
        std::ifstream in(host(rel), std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }
};

smp::Bytes bytes_of(const std::string& s) {
    return smp::Bytes(s.begin(), s.end());
}

Value fs_err(int rc) {
    return Value{{"err", {{"group", 8}, {"rc", rc}}}};
}

// fs_mgmt encodes "len" before the error is added (order as on the wire).
Value offset_error(std::uint64_t expected) {
    return Value{{"len", expected}, {"err", {{"group", 8}, {"rc", 11}}}};
}

TEST(ServerFs, UploadInChunksThenDownloadAndStatus) {
    FsDevice fs;
    EXPECT_EQ(fs.upload("/hello.txt", 0, bytes_of("hello "), 11), (Value{{"off", 6}}));
    EXPECT_EQ(fs.upload("/hello.txt", 6, bytes_of("world")), (Value{{"off", 11}}));
    EXPECT_EQ(fs.read_host("hello.txt"), "hello world");
    EXPECT_EQ(call(fs.device, smp::fs::FileStatus{.name = "/hello.txt"}).body,
              (Value{{"len", 11}}));
    auto first = call(fs.device, smp::fs::FileDownload{.off = 0, .name = "/hello.txt"}).body;
    EXPECT_EQ(
        first,
        (Value{{"off", 0}, {"data", smp::cbor::bytes(bytes_of("hello world"))}, {"len", 11}}));
    // Not at offset 0: no "len"; at the end: empty data.
    EXPECT_EQ(call(fs.device, smp::fs::FileDownload{.off = 6, .name = "/hello.txt"}).body,
              (Value{{"off", 6}, {"data", smp::cbor::bytes(bytes_of("world"))}}));
    EXPECT_EQ(call(fs.device, smp::fs::FileDownload{.off = 11, .name = "/hello.txt"}).body["data"],
              smp::cbor::bytes({}));
}

TEST(ServerFs, OffsetZeroTruncatesAndNeedsLen) {
    FsDevice fs;
    fs.write_host("f", "a much longer old content");
    EXPECT_EQ(fs.upload("/f", 0, bytes_of("new")), (Value{{"rc", 3}}));  // no len
    EXPECT_EQ(fs.upload("/f", 0, bytes_of("new"), 3), (Value{{"off", 3}}));
    EXPECT_EQ(fs.read_host("f"), "new");
}

TEST(ServerFs, WrongOffsetAnswersExpectedLenAndClosesContext) {
    FsDevice fs;
    fs.upload("/f", 0, bytes_of("abcd"), 10);
    // A duplicate of the first chunk's end, or a gap: err 11 with "len" = expected offset.
    const Value bad = offset_error(4);
    EXPECT_EQ(fs.upload("/f", 2, bytes_of("zz")), bad);
    EXPECT_EQ(fs.upload("/f", 8, bytes_of("zz")), bad);  // context reopened at the file size
    // Resuming at off = len works.
    EXPECT_EQ(fs.upload("/f", 4, bytes_of("efghij")), (Value{{"off", 10}}));
    EXPECT_EQ(fs.read_host("f"), "abcdefghij");
    // v1: just rc 1 (fs translation has no entry for FILE_OFFSET_NOT_VALID).
    EXPECT_EQ(fs.upload("/f", 3, bytes_of("x"), std::nullopt, smp::Version::v1),
              (Value{{"rc", 1}}));
}

TEST(ServerFs, ContextClosesAutomaticallyAtLen) {
    FsDevice fs;
    EXPECT_EQ(fs.upload("/f", 0, bytes_of("abc"), 3), (Value{{"off", 3}}));
    // The context is closed: a new chunk at off 3 reopens at the file size (3) and appends.
    EXPECT_EQ(fs.upload("/f", 3, bytes_of("d")), (Value{{"off", 4}}));
    EXPECT_EQ(fs.read_host("f"), "abcd");
}

TEST(ServerFs, CloseDropsTheContext) {
    FsDevice fs;
    fs.upload("/a", 0, bytes_of("12"), 100);
    EXPECT_EQ(call(fs.device, smp::fs::FileClose{}).body, Value::object());
    // The reopened context starts at the file size, not the old offset.
    EXPECT_EQ(fs.upload("/a", 5, bytes_of("x")), offset_error(2));
}

// Something other than SMP (the device's application; here the host) grows the file while
// the upload is paused. While fs_mgmt holds the file open, the next chunk is checked against
// the context's offset; once the idle timer closed it, against the re-opened file's size.
TEST(ServerFs, UploadContextSurvivesPausesShorterThanTheIdleTime) {
    FsDevice fs;  // Zephyr's default: 4000 ms
    EXPECT_EQ(fs.upload_at(0ms, "/f", 0, bytes_of("abcd"), 100), (Value{{"off", 4}}));
    fs.append_host("f", "XY");
    EXPECT_EQ(fs.upload_at(3999ms, "/f", 4, bytes_of("ef")), (Value{{"off", 6}}));
    EXPECT_EQ(fs.read_host("f"), "abcdef");
    // Each chunk restarts the idle timer: 7998 ms is 3999 ms after the last one.
    EXPECT_EQ(fs.upload_at(7998ms, "/f", 6, bytes_of("g")), (Value{{"off", 7}}));
}

TEST(ServerFs, IdleUploadIsClosedAndResumesAtTheFileSize) {
    FsDevice fs;
    EXPECT_EQ(fs.upload_at(0ms, "/f", 0, bytes_of("abcd"), 100), (Value{{"off", 4}}));
    fs.append_host("f", "XY");
    // Closed at 4000 ms: the continuation is checked against the file (6 bytes), not the
    // context's offset 4; fs_mgmt answers err 11 with the size to resume from...
    EXPECT_EQ(fs.upload_at(4000ms, "/f", 4, bytes_of("ef")), offset_error(6));
    // ...and a continuation at that size is accepted, as after any re-open.
    EXPECT_EQ(fs.upload_at(4001ms, "/f", 6, bytes_of("ef")), (Value{{"off", 8}}));
    EXPECT_EQ(fs.read_host("f"), "abcdXYef");
}

TEST(ServerFs, ContinuationAfterIdleCloseAtTheRightOffsetIsAccepted) {
    FsDevice fs;
    fs.upload_at(0ms, "/f", 0, bytes_of("abcd"), 10);
    EXPECT_EQ(fs.upload_at(60s, "/f", 4, bytes_of("efghij")), (Value{{"off", 10}}));
    EXPECT_EQ(fs.read_host("f"), "abcdefghij");
}

TEST(ServerFs, IdleCloseTimeIsConfigurable) {
    FsDevice fs(50ms);
    fs.upload_at(0ms, "/f", 0, bytes_of("ab"), 100);
    fs.append_host("f", "X");
    EXPECT_EQ(fs.upload_at(49ms, "/f", 2, bytes_of("c")), (Value{{"off", 3}}));
    fs.append_host("f", "Y");
    EXPECT_EQ(fs.upload_at(99ms, "/f", 3, bytes_of("d")), offset_error(4));
}

// Requests that fail before touching the context (rc 3) do not restart the idle timer.
TEST(ServerFs, RejectedRequestsDoNotKeepTheFileOpen) {
    FsDevice fs;
    fs.upload_at(0ms, "/f", 0, bytes_of("abcd"), 100);
    EXPECT_EQ(fs.upload_at(3000ms, "", 4, bytes_of("x")), (Value{{"rc", 3}}));
    fs.append_host("f", "XY");
    EXPECT_EQ(fs.upload_at(4000ms, "/f", 4, bytes_of("ef")), offset_error(6));
}

TEST(ServerFs, DownloadChunkIsFixedByBufSize) {
    FsDevice fs;
    fs.write_host("big", std::string(5000, 'q'));
    auto r = call(fs.device, smp::fs::FileDownload{.off = 0, .name = "/big"});
    // 384 - (8 + 10 + 8 + 9 + 4 + 8) with CONFIG_MCUMGR_GRP_FS_MAX_OFFSET_LEN 4.
    EXPECT_EQ(r.body["data"].get_binary().size(), 337u);
    EXPECT_LE(r.payload.size() + smp::header_size, fs.config.buf_size);
}

TEST(ServerFs, MissingFileAndDirectory) {
    FsDevice fs;
    std::filesystem::create_directories(fs.host("dir"));
    EXPECT_EQ(call(fs.device, smp::fs::FileStatus{.name = "/nope"}).body, fs_err(3));
    EXPECT_EQ(call(fs.device, smp::fs::FileDownload{.name = "/dir"}).body, fs_err(4));
    // Upload into a directory that does not exist: fs_open -ENOENT -> MOUNT_POINT_NOT_FOUND.
    EXPECT_EQ(fs.upload("/no/such/f", 0, bytes_of("x"), 1), fs_err(14));
    EXPECT_EQ(call(fs.device, smp::fs::FileStatus{.name = ""}).body, (Value{{"rc", 3}}));
    // "/" and 70 'n'. Not written `"/" + std::string(70, 'n')`: g++ 12 at -O3 inlines that into a
    // bogus -Warray-bounds memcpy out of the FileStatus temporary, fatal under -Werror.
    std::string too_long(71, 'n');
    too_long.front() = '/';
    EXPECT_EQ(call(fs.device, smp::fs::FileStatus{.name = too_long}).body, (Value{{"rc", 3}}));
}

TEST(ServerFs, HashCrc32AndSha256) {
    FsDevice fs;
    fs.write_host("n", "123456789");
    auto crc = call(fs.device, smp::fs::FileHash{.name = "/n"}).body;
    EXPECT_EQ(crc, (Value{{"type", "crc32"}, {"len", 9}, {"output", 0xCBF43926u}}));
    auto sha = call(fs.device, smp::fs::FileHash{.name = "/n", .type = "sha256"}).body;
    const auto digest = smp::mcuboot::sha256(bytes_of("123456789"));
    EXPECT_EQ(sha["output"], smp::cbor::bytes(smp::Bytes(digest.begin(), digest.end())));
    auto part = call(fs.device, smp::fs::FileHash{.name = "/n", .off = 4, .len = 100}).body;
    EXPECT_EQ(part["off"], 4);
    EXPECT_EQ(part["len"], 5);
    EXPECT_EQ(call(fs.device, smp::fs::FileHash{.name = "/n", .type = "md5"}).body, fs_err(13));
    EXPECT_EQ(call(fs.device, smp::fs::FileHash{.name = "/n", .off = 9}).body, fs_err(12));
    EXPECT_EQ(call(fs.device, smp::fs::FileHash{.name = "/n", .len = 0}).body, (Value{{"rc", 3}}));
    fs.write_host("empty", "");
    EXPECT_EQ(call(fs.device, smp::fs::FileHash{.name = "/empty"}).body, fs_err(16));
}

TEST(ServerFs, SupportedTypes) {
    FsDevice fs;
    auto r = call(fs.device, smp::fs::SupportedHashes{}).body;
    EXPECT_EQ(r, (Value{{"types",
                         {{"crc32", {{"format", 0}, {"size", 4}}},
                          {"sha256", {{"format", 1}, {"size", 32}}}}}}));
}

TEST(ServerFs, PathsEscapingTheRootAreRejected) {
    FsDevice fs;
    const auto outside = fs.dir.path / "secret";
    std::ofstream(outside) << "top secret";
    std::filesystem::create_directories(fs.host("sub"));
    std::vector<std::string> names{"/../secret", "/sub/../../secret", "relative", "/sub/.."};
    // Links out of the root, where this system lets a test make them (Windows wants a
    // privilege or developer mode for symlinks; Wine has none).
    std::error_code no_link;
    std::filesystem::create_symlink(outside, fs.host("link"), no_link);
    if (!no_link)
        std::filesystem::create_directory_symlink(fs.dir.path, fs.host("sub/up"), no_link);
#ifndef _WIN32
    ASSERT_FALSE(no_link) << no_link.message();  // every POSIX system has symlinks
#endif
    if (!no_link)
        names.insert(names.end(), {"/link", "/sub/up/secret"});
    for (const std::string& name : names) {
        SCOPED_TRACE(name);
        EXPECT_EQ(call(fs.device, smp::fs::FileDownload{.name = name}).body, fs_err(2));
        EXPECT_EQ(fs.upload(name, 0, bytes_of("pwned"), 5), fs_err(2));
    }
    EXPECT_EQ(fs.read_host("../secret"), "top secret");
    // An absolute host path is a device path below the root, not the host file.
    // ("/tmp/.../secret"; Windows' "C:\\Users\\...\\secret" as a device path: "/Users/...".)
    const auto host_absolute =
        (std::filesystem::path("/") / outside.relative_path()).generic_string();
    EXPECT_EQ(call(fs.device, smp::fs::FileStatus{.name = host_absolute}).body, fs_err(3));
}

TEST(ServerFs, DefaultRootIsInsideStateDir) {
    TempDir dir;
    smp::server::DeviceConfig c;
    c.state_dir = dir.path;
    smp::server::Device d(c);
    EXPECT_EQ(
        call(d, smp::fs::FileUpload{.off = 0, .data = bytes_of("x"), .name = "/lfs1/a", .len = 1})
            .body,
        (Value{{"off", 1}}));
    EXPECT_TRUE(std::filesystem::exists(dir.path / "fs" / "lfs1" / "a"));
}

TEST(ServerFs, NoRootMeansNoMountPoint) {
    smp::server::Device d(smp::server::DeviceConfig{});
    EXPECT_EQ(call(d, smp::fs::FileStatus{.name = "/a"}).body, fs_err(14));
}

}  // namespace
