// SPDX-License-Identifier: Apache-2.0
// Every typed operation of the public API against a real device (see operations_suite.hpp):
// the statistics, settings, file system, shell, enumeration, Zephyr basic and a custom
// group. The expected values are what smp::server answers as a Zephyr 4.x smp_svr would
// (shared/protocol.md §4): they are asserted, not just "no error".
#include "operations_suite.hpp"

#include <smp/protocol/messages/custom.hpp>
#include <smp/protocol/messages/enumeration.hpp>
#include <smp/protocol/messages/fs.hpp>
#include <smp/protocol/messages/settings.hpp>
#include <smp/protocol/messages/shell.hpp>
#include <smp/protocol/messages/stat.hpp>
#include <smp/protocol/messages/zephyr_basic.hpp>

#include <algorithm>

#include "support/sha256.hpp"

namespace smp_it {

using namespace smp;
using namespace std::chrono_literals;

namespace {

// CRC-32/ISO-HDLC, what Zephyr's crc32_ieee() computes: reflected 0xEDB88320, ~0 in and out.
std::uint32_t crc32_ieee(ByteView data) {
    std::uint32_t crc = 0xFFFFFFFFu;
    for (std::uint8_t byte : data) {
        crc ^= byte;
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

Bytes file_bytes(std::size_t size) {
    Bytes data(size);
    for (std::size_t i = 0; i < size; ++i)
        data[i] = static_cast<std::uint8_t>((i * 31) ^ (i >> 7));
    return data;
}

// smp_svr mounts littlefs at /lfs1.
constexpr const char* fs_path = "/lfs1/ops.bin";

}  // namespace

// --- Statistics group (2) -------------------------------------------------------------------

TEST_P(ClientOperations, StatListAndReadGroup) {
    auto list = call(stat::List{});
    ASSERT_TRUE(list) << list.error().message();
    EXPECT_EQ(list->stat_list, (std::vector<std::string>{"smp_svr_stats", "smp"}));
    auto smp_stats = call(stat::GroupData{.name = "smp"});
    ASSERT_TRUE(smp_stats) << smp_stats.error().message();
    EXPECT_EQ(smp_stats->name, "smp");
    ASSERT_TRUE(smp_stats->fields.contains("requests"));
    EXPECT_GE(smp_stats->fields.at("requests"), 1u);  // at least the params of connect()
    // As Zephyr 4.4: the stat is named, not the group.
    expect_device_error(call(stat::GroupData{.name = "nope"}),
                        make_error_code(StatError::invalid_stat_name));
}

// --- Settings group (3) ---------------------------------------------------------------------

TEST_P(ClientOperations, SettingsWriteReadCommitSaveLoadDelete) {
    const Bytes value{0x01, 0x02, 0xFE};
    ASSERT_TRUE(call(settings::Write{.name = "app/level", .val = value}));
    auto read = call(settings::Read{.name = "app/level"});
    ASSERT_TRUE(read) << read.error().message();
    EXPECT_EQ(read->val, value);
    ASSERT_TRUE(call(settings::Commit{}));
    ASSERT_TRUE(call(settings::Save{}));
    ASSERT_TRUE(call(settings::Save{.name = "app"}));
    // Load reloads from storage: the saved value is what comes back.
    ASSERT_TRUE(call(settings::Load{}));
    auto reloaded = call(settings::Read{.name = "app/level"});
    ASSERT_TRUE(reloaded) << reloaded.error().message();
    EXPECT_EQ(reloaded->val, value);

    ASSERT_TRUE(call(settings::Delete{.name = "app/level"}));
    expect_device_error(call(settings::Read{.name = "app/level"}),
                        make_error_code(SettingsError::key_not_found));
    expect_device_error(call(settings::Write{.name = std::string(40, 'k'), .val = value}),
                        make_error_code(SettingsError::key_too_long));
}

// --- File system group (8) ------------------------------------------------------------------

TEST_P(ClientOperations, FsUploadStatusDownload) {
    const Bytes data = file_bytes(3000);  // several chunks at any buffer size
    auto up = client_->run(client_->client.upload_file(fs_path, data));
    ASSERT_TRUE(up) << up.error().message();
    auto status = call(fs::FileStatus{.name = fs_path});
    ASSERT_TRUE(status) << status.error().message();
    EXPECT_EQ(status->len, data.size());
    auto down = client_->run(client_->client.download_file(fs_path));
    ASSERT_TRUE(down) << down.error().message();
    EXPECT_EQ(*down, data);
    // The typed single-chunk forms too: the first download chunk announces the length.
    auto first = call(fs::FileDownload{.off = 0, .name = fs_path});
    ASSERT_TRUE(first) << first.error().message();
    EXPECT_EQ(first->len, data.size());
    ASSERT_FALSE(first->data.empty());
    EXPECT_TRUE(std::equal(first->data.begin(), first->data.end(), data.begin()));
    expect_device_error(call(fs::FileStatus{.name = "/lfs1/missing"}),
                        make_error_code(FsError::file_not_found));
}

TEST_P(ClientOperations, FsHashAndChecksumWithEachSupportedType) {
    const Bytes data = file_bytes(1500);
    ASSERT_TRUE(client_->run(client_->client.upload_file(fs_path, data)));
    auto types = call(fs::SupportedHashes{});
    ASSERT_TRUE(types) << types.error().message();
    ASSERT_EQ(types->types.size(), 2u);
    EXPECT_EQ(types->types.at("crc32"),
              (fs::HashType{.format = fs::HashFormat::integer, .size = 4}));
    EXPECT_EQ(types->types.at("sha256"),
              (fs::HashType{.format = fs::HashFormat::byte_string, .size = 32}));

    auto crc = call(fs::FileHash{.name = fs_path, .type = "crc32"});
    ASSERT_TRUE(crc) << crc.error().message();
    EXPECT_EQ(crc->type, "crc32");
    EXPECT_EQ(crc->len, data.size());
    EXPECT_EQ(crc->output, fs::HashOutput{std::uint64_t{crc32_ieee(data)}});
    auto default_type = call(fs::FileHash{.name = fs_path});
    ASSERT_TRUE(default_type) << default_type.error().message();
    EXPECT_EQ(default_type->type, "crc32");

    auto sha = call(fs::FileHash{.name = fs_path, .type = "sha256"});
    ASSERT_TRUE(sha) << sha.error().message();
    EXPECT_EQ(sha->output, fs::HashOutput{smp::test::sha256(data)});
    auto part = call(fs::FileHash{.name = fs_path, .type = "sha256", .off = 100, .len = 200});
    ASSERT_TRUE(part) << part.error().message();
    EXPECT_EQ(part->off, 100u);
    EXPECT_EQ(part->len, 200u);
    EXPECT_EQ(part->output, fs::HashOutput{smp::test::sha256(ByteView(data).subspan(100, 200))});
    expect_device_error(call(fs::FileHash{.name = fs_path, .type = "md5"}),
                        make_error_code(FsError::checksum_hash_not_found));
}

// Close after an interrupted upload (newer Zephyr): accepted, the file keeps what was
// written, and a new upload of the file works.
TEST_P(ClientOperations, FsCloseAfterAPartialUpload) {
    const Bytes data = file_bytes(64);
    auto first = call(fs::FileUpload{.off = 0,
                                     .data = Bytes(data.begin(), data.begin() + 32),
                                     .name = fs_path,
                                     .len = data.size()});
    ASSERT_TRUE(first) << first.error().message();
    EXPECT_EQ(first->off, 32u);
    ASSERT_TRUE(call(fs::FileClose{}));
    auto status = call(fs::FileStatus{.name = fs_path});
    ASSERT_TRUE(status) << status.error().message();
    EXPECT_EQ(status->len, 32u);
    ASSERT_TRUE(client_->run(client_->client.upload_file(fs_path, data)));
    auto whole = call(fs::FileStatus{.name = fs_path});
    ASSERT_TRUE(whole) << whole.error().message();
    EXPECT_EQ(whole->len, data.size());
}

// --- Shell group (9) ------------------------------------------------------------------------

TEST_P(ClientOperations, ShellExec) {
    auto echo = call(shell::Exec{.argv = {"echo", "hello", "world"}});
    ASSERT_TRUE(echo) << echo.error().message();
    EXPECT_EQ(echo->o, "\r\nhello world\r\n");  // as Zephyr's shell prints it
    EXPECT_EQ(echo->return_code(), 0);
    auto unknown = call(shell::Exec{.argv = {"frobnicate"}});
    ASSERT_TRUE(unknown) << unknown.error().message();
    EXPECT_EQ(unknown->return_code(), -8);  // -ENOEXEC from the shell
    expect_device_error(call(shell::Exec{}), make_error_code(ShellError::empty_command));
}

// --- Enumeration group (10) -----------------------------------------------------------------

TEST_P(ClientOperations, EnumerationCountListSingleDetails) {
    // Zephyr's registration order (the sorted MCUMGR_HANDLER_DEFINE names).
    const std::vector<std::uint16_t> groups{10, 8, 1, 0, 3, 9, 2, 63};
    auto count = call(enumeration::Count{});
    ASSERT_TRUE(count) << count.error().message();
    EXPECT_EQ(count->count, groups.size());
    auto list = call(enumeration::List{});
    ASSERT_TRUE(list) << list.error().message();
    EXPECT_EQ(list->groups, groups);

    auto first = call(enumeration::Single{});
    ASSERT_TRUE(first) << first.error().message();
    EXPECT_EQ(first->group, 10u);
    EXPECT_NE(first->end, std::optional(true));
    auto last = call(enumeration::Single{.index = groups.size() - 1});
    ASSERT_TRUE(last) << last.error().message();
    EXPECT_EQ(last->group, 63u);
    EXPECT_EQ(last->end, std::optional(true));
    expect_device_error(call(enumeration::Single{.index = groups.size()}),
                        make_error_code(EnumError::index_too_large));

    auto details = call(enumeration::Details{.groups = std::vector<std::uint16_t>{1, 9}});
    ASSERT_TRUE(details) << details.error().message();
    ASSERT_EQ(details->groups.size(), 2u);
    EXPECT_EQ(details->groups[0].group, 1u);
    EXPECT_EQ(details->groups[0].name, "img mgmt");
    EXPECT_EQ(details->groups[1].name, "shell mgmt");
    EXPECT_EQ(details->groups[1].handlers, 1u);
}

// --- Zephyr basic group (63) ----------------------------------------------------------------

TEST_P(ClientOperations, ZephyrBasicEraseStorageDropsTheSettings) {
    ASSERT_TRUE(call(settings::Write{.name = "app/kept", .val = {7}}));
    ASSERT_TRUE(call(settings::Save{}));
    auto erased = call(zephyr_basic::EraseStorage{});
    ASSERT_TRUE(erased) << erased.error().message();
    expect_device_error(call(settings::Read{.name = "app/kept"}),
                        make_error_code(SettingsError::key_not_found));
}

// --- A custom (application) group -----------------------------------------------------------

// smp_svr registers no group 64: the answer is MGMT_ERR_ENOTSUP, reported as a typed value.
TEST_P(ClientOperations, CustomGroupRequestGetsTheDeviceNotSupportedError) {
    const custom::Request request{.group = 64, .command = 0, .op = Op::write};
    auto answer = client_->run(client_->client.request_raw(RawRequest{
        .group = request.group,
        .command = request.command,
        .op = request.op,
        .payload = custom::request_payload(request),
    }));
    ASSERT_TRUE(answer) << answer.error().message();
    EXPECT_EQ(answer->header.group, 64u);
    EXPECT_EQ(answer->header.op, Op::write_response);
    auto decoded = custom::Response{.cbor = answer->payload}.device_error();
    ASSERT_TRUE(decoded) << decoded.error().message();
    ASSERT_TRUE(decoded->has_value());
    EXPECT_EQ((*decoded)->rc, static_cast<std::int64_t>(Rc::not_supported));
    expect_device_error(custom::decode_response(answer->payload),
                        make_error_code(Rc::not_supported));
}

}  // namespace smp_it
