// SPDX-License-Identifier: Apache-2.0
// Every typed operation of the public API against a real device (see operations_suite.hpp).
// The expected values are what smp::server answers as a Zephyr 4.x smp_svr would
// (shared/protocol.md §4): they are asserted, not just "no error".
#include "operations_suite.hpp"

#include <smp/client/upgrade.hpp>
#include <smp/mcuboot/image_builder.hpp>
#include <smp/mcuboot/mcuboot_image.hpp>
#include <smp/mcuboot/sha256.hpp>
#include <smp/protocol/messages/custom.hpp>
#include <smp/protocol/messages/enumeration.hpp>
#include <smp/protocol/messages/fs.hpp>
#include <smp/protocol/messages/image.hpp>
#include <smp/protocol/messages/os.hpp>
#include <smp/protocol/messages/settings.hpp>
#include <smp/protocol/messages/shell.hpp>
#include <smp/protocol/messages/stat.hpp>
#include <smp/protocol/messages/zephyr_basic.hpp>

#include <algorithm>
#include <cstdlib>
#include <thread>

namespace smp_it {

using namespace smp;
using namespace std::chrono_literals;

void ClientOperations::SetUp() {
    std::string dir = (std::filesystem::temp_directory_path() / "smp-ops-XXXXXX").string();
    ASSERT_NE(::mkdtemp(dir.data()), nullptr);
    setup_.state_dir = dir;
    try {
        device_ = GetParam().start(setup_);
    } catch (const LinkUnavailable& e) {
        GTEST_SKIP() << e.what();
    }
    reconnect();
}

void ClientOperations::TearDown() {
    client_.reset();
    device_ = {};
    std::error_code ec;
    std::filesystem::remove_all(setup_.state_dir, ec);
}

void ClientOperations::reconnect() {
    client_.reset();
    // A rebooting device (or a BLE link it took down) may refuse a few attempts.
    for (int attempt = 0; attempt < 20; ++attempt) {
        client_ = std::make_unique<ClientRunner>(device_.factory, GetParam().options,
                                                 GetParam().drain_limit);
        auto connected = client_->run(client_->client.connect());
        if (connected)
            return;
        client_.reset();
        std::this_thread::sleep_for(100ms);
    }
    FAIL() << "the device did not come back";
}

Result<UploadResult> ClientOperations::upload(const Bytes& image) {
    UploadOptions options;
    options.chunk_timeout = 1000ms;
    return client_->run(client_->client.upload_image(image, options));
}

namespace {

// The device refused with exactly `code` (a device error, not a transport failure).
template <class T>
void expect_device_error(const Result<T>& r, std::error_code code) {
    ASSERT_FALSE(r) << "expected the device to refuse with " << code.message();
    EXPECT_TRUE(r.error().device.has_value()) << r.error().message();
    EXPECT_EQ(r.error().code, code) << r.error().message();
}

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

Bytes sha256_of(ByteView data) {
    const auto digest = mcuboot::sha256(data);
    return Bytes(digest.begin(), digest.end());
}

Bytes file_bytes(std::size_t size) {
    Bytes data(size);
    for (std::size_t i = 0; i < size; ++i)
        data[i] = static_cast<std::uint8_t>((i * 31) ^ (i >> 7));
    return data;
}

const image::ImageSlotState* find_slot(const image::StateResponse& state, std::uint32_t slot) {
    const auto it = std::find_if(state.images.begin(), state.images.end(),
                                 [&](const auto& s) { return s.slot == slot; });
    return it == state.images.end() ? nullptr : &*it;
}

// smp_svr mounts littlefs at /lfs1.
constexpr const char* fs_path = "/lfs1/ops.bin";

Bytes image_hash(const Bytes& image) {
    return mcuboot::parse_mcuboot_image(image).value().hash;
}

}  // namespace

// --- OS group (0) ---------------------------------------------------------------------------

TEST_P(ClientOperations, OsEcho) {
    const os::Echo hi{.d = "hello over " + GetParam().name};
    auto echo = call(hi);
    ASSERT_TRUE(echo) << echo.error().message();
    EXPECT_EQ(echo->r, hi.d);
}

// Zephyr has no console echo control (ENOTSUP); only MCUboot answers it.
TEST_P(ClientOperations, OsConsoleEchoOnAndOffIsNotSupported) {
    expect_device_error(call(os::ConsoleEcho{.echo = 1}), make_error_code(Rc::not_supported));
    expect_device_error(call(os::ConsoleEcho{.echo = 0}), make_error_code(Rc::not_supported));
}

TEST_P(ClientOperations, OsTaskStats) {
    auto stats = call(os::TaskStats{});
    ASSERT_TRUE(stats) << stats.error().message();
    ASSERT_TRUE(stats->tasks.contains("idle"));
    ASSERT_TRUE(stats->tasks.contains("main"));
    EXPECT_EQ(stats->tasks.at("idle").prio, 15);
    for (const auto& [name, task] : stats->tasks) {
        ASSERT_TRUE(task.stksiz && task.stkuse) << name;
        EXPECT_LE(*task.stkuse, *task.stksiz) << name;
    }
}

TEST_P(ClientOperations, OsMemoryPoolStats) {
    auto pools = call(os::MemoryPoolStats{});
    ASSERT_TRUE(pools) << pools.error().message();
    ASSERT_TRUE(pools->pools.contains("system_heap"));
    const auto& heap = pools->pools.at("system_heap");
    EXPECT_EQ(heap.blksiz, 4u);
    EXPECT_GT(heap.nblks, 0u);
    EXPECT_LE(heap.nfree, heap.nblks);
}

TEST_P(ClientOperations, OsDateTimeGetSetGet) {
    // A device whose RTC was never set says so (os_mgmt.c: OS_MGMT_ERR_RTC_NOT_SET).
    expect_device_error(call(os::DateTimeGet{}), make_error_code(OsError::rtc_not_set));
    ASSERT_TRUE(call(os::DateTimeSet{.datetime = "2025-06-01T12:34:50"}));
    auto now = call(os::DateTimeGet{});
    ASSERT_TRUE(now) << now.error().message();
    // The clock runs on from the value set: same minute unless ten seconds passed.
    EXPECT_EQ(now->datetime.substr(0, 17), "2025-06-01T12:34:") << now->datetime;
    expect_device_error(call(os::DateTimeSet{.datetime = "2025-13-01T00:00:00"}),
                        make_error_code(Rc::invalid_value));
}

// The device answers, reboots 250 ms later (RAM state such as the RTC is lost) and answers
// again: a new client finds it with the clock unset.
TEST_P(ClientOperations, OsResetWithForceAndBootModeRebootsTheDevice) {
    ASSERT_TRUE(call(os::DateTimeSet{.datetime = "2025-06-01T12:00:00"}));
    auto reset = call(os::Reset{.force = true, .boot_mode = 0});
    ASSERT_TRUE(reset) << reset.error().message();
    bool rebooted = false;
    for (int attempt = 0; attempt < 30 && !rebooted; ++attempt) {
        reconnect();
        ASSERT_TRUE(client_);
        auto now = call(os::DateTimeGet{});
        rebooted = !now && now.error().code == make_error_code(OsError::rtc_not_set);
        if (!rebooted)
            std::this_thread::sleep_for(50ms);
    }
    EXPECT_TRUE(rebooted) << "the RTC survived the reset";
    auto echo = call(os::Echo{.d = "back"});
    ASSERT_TRUE(echo) << echo.error().message();
    EXPECT_EQ(echo->r, "back");
}

TEST_P(ClientOperations, OsMcumgrParams) {
    auto params = call(os::McumgrParams{});
    ASSERT_TRUE(params) << params.error().message();
    EXPECT_EQ(params->buf_size, setup_.buf_size);
    EXPECT_EQ(params->buf_count, setup_.buf_count);
    EXPECT_TRUE(client_->client.params().from_device);
    EXPECT_EQ(client_->client.params().buf_size, setup_.buf_size);
}

TEST_P(ClientOperations, OsApplicationInfo) {
    auto kernel = call(os::Info{});
    ASSERT_TRUE(kernel) << kernel.error().message();
    EXPECT_EQ(kernel->output, "Zephyr");  // "s" by default
    auto some = call(os::Info{.format = "snr"});
    ASSERT_TRUE(some) << some.error().message();
    EXPECT_EQ(some->output, "Zephyr smpsim v4.4.0");
    auto all = call(os::Info{.format = "a"});
    ASSERT_TRUE(all) << all.error().message();
    EXPECT_EQ(all->output.rfind("Zephyr smpsim v4.4.0 4.4.0 ", 0), 0u) << all->output;
    expect_device_error(call(os::Info{.format = "q"}), make_error_code(OsError::invalid_format));
}

TEST_P(ClientOperations, OsBootloaderInfo) {
    auto name = call(os::BootloaderInfo{});
    ASSERT_TRUE(name) << name.error().message();
    EXPECT_EQ(name->bootloader, "MCUboot");
    auto mode = call(os::BootloaderInfo{.query = "mode"});
    ASSERT_TRUE(mode) << mode.error().message();
    EXPECT_EQ(mode->mode, static_cast<std::int64_t>(os::McubootMode::swap_using_move));
    expect_device_error(call(os::BootloaderInfo{.query = "colour"}),
                        make_error_code(OsError::query_yields_no_answer));
}

// --- Image group (1) ------------------------------------------------------------------------

TEST_P(ClientOperations, ImageUploadThenStateReadShowsItInTheSecondarySlot) {
    auto before = call(image::StateRead{});
    ASSERT_TRUE(before) << before.error().message();
    EXPECT_EQ(find_slot(*before, 1), nullptr);

    const Bytes img = test_image(6000);
    auto uploaded = upload(img);
    ASSERT_TRUE(uploaded) << uploaded.error().message();
    EXPECT_EQ(uploaded->match, std::optional(true));

    auto after = call(image::StateRead{});
    ASSERT_TRUE(after) << after.error().message();
    const auto* slot = find_slot(*after, 1);
    ASSERT_NE(slot, nullptr);
    EXPECT_EQ(slot->hash, image_hash(img));
    EXPECT_EQ(slot->version, "0.0.0");
    EXPECT_TRUE(slot->bootable);
    EXPECT_FALSE(slot->pending);
    EXPECT_FALSE(slot->active);
}

TEST_P(ClientOperations, ImageTestMarksTheUploadPending) {
    const Bytes img = test_image(5000, 3);
    ASSERT_TRUE(upload(img));
    auto state = call(image::StateWrite{.hash = image_hash(img), .confirm = false});
    ASSERT_TRUE(state) << state.error().message();
    const auto* slot = find_slot(*state, 1);
    ASSERT_NE(slot, nullptr);
    EXPECT_TRUE(slot->pending);
    EXPECT_FALSE(slot->permanent);
    expect_device_error(call(image::StateWrite{.hash = Bytes(32, 0xEE), .confirm = false}),
                        make_error_code(ImageError::hash_not_found));
}

TEST_P(ClientOperations, ImageConfirmMarksTheUploadPermanent) {
    const Bytes img = test_image(5000, 5);
    ASSERT_TRUE(upload(img));
    auto state = call(image::StateWrite{.hash = image_hash(img), .confirm = true});
    ASSERT_TRUE(state) << state.error().message();
    const auto* slot = find_slot(*state, 1);
    ASSERT_NE(slot, nullptr);
    EXPECT_TRUE(slot->pending);
    EXPECT_TRUE(slot->permanent);
    // A test request for an image already pending permanently is refused.
    expect_device_error(call(image::StateWrite{.hash = image_hash(img), .confirm = false}),
                        make_error_code(ImageError::image_already_pending));
}

// The whole test-then-confirm cycle: a reset swaps the tested image in (MCUboot swap), it
// runs unconfirmed, and confirming the running image (no hash) makes it stay.
TEST_P(ClientOperations, ImageTestResetThenConfirmTheRunningImage) {
    const Bytes img = test_image(5000, 9);
    ASSERT_TRUE(upload(img));
    ASSERT_TRUE(call(image::StateWrite{.hash = image_hash(img), .confirm = false}));
    ASSERT_TRUE(call(os::Reset{}));
    const image::ImageSlotState* running = nullptr;
    image::StateResponse state;
    for (int attempt = 0; attempt < 30 && !(running && running->hash == image_hash(img));
         ++attempt) {
        std::this_thread::sleep_for(50ms);
        reconnect();
        ASSERT_TRUE(client_);
        auto read = call(image::StateRead{});
        ASSERT_TRUE(read) << read.error().message();
        state = *read;
        running = find_slot(state, 0);
    }
    ASSERT_NE(running, nullptr);
    EXPECT_EQ(running->hash, image_hash(img));
    EXPECT_TRUE(running->active);
    EXPECT_FALSE(running->confirmed);

    auto confirmed = call(image::StateWrite{.confirm = true});
    ASSERT_TRUE(confirmed) << confirmed.error().message();
    const auto* slot0 = find_slot(*confirmed, 0);
    ASSERT_NE(slot0, nullptr);
    EXPECT_TRUE(slot0->confirmed);
}

// The upgrade routine (upload, mark for test, reset, reconnect, verify, confirm) over this
// link: the new image ends up running and confirmed.
TEST_P(ClientOperations, UpgradeRunsAndConfirmsTheNewImage) {
    Bytes payload(4000, 0x5A);
    const Bytes img =
        mcuboot::build_mcuboot_image(
            payload, mcuboot::ImageBuildOptions{.version = {.major = 1, .minor = 2, .revision = 3}})
            .value();
    UpgradeOptions options;
    options.upload.chunk_timeout = 1000ms;
    options.reconnect_timeout = 10000ms;
    // reconnect_interval stays at its default (500 ms): the routine reconnects after one
    // interval, and a device still answering before its reboot (Zephyr resets 250 ms after
    // answering, CONFIG_MCUMGR_GRP_OS_RESET_MS) would be verified too early.
    auto upgraded = client_->run(upgrade(client_->client, img, options));
    ASSERT_TRUE(upgraded) << upgraded.error().message();
    EXPECT_EQ(upgraded->version, "1.2.3");
    EXPECT_EQ(upgraded->hash, image_hash(img));

    auto state = call(image::StateRead{});
    ASSERT_TRUE(state) << state.error().message();
    const auto* running = find_slot(*state, 0);
    ASSERT_NE(running, nullptr);
    EXPECT_EQ(running->hash, image_hash(img));
    EXPECT_TRUE(running->active);
    EXPECT_TRUE(running->confirmed);
}

TEST_P(ClientOperations, ImageEraseEmptiesTheSecondarySlot) {
    const Bytes img = test_image(5000, 7);
    ASSERT_TRUE(upload(img));
    ASSERT_TRUE(call(image::Erase{.slot = 1}));
    auto state = call(image::StateRead{});
    ASSERT_TRUE(state) << state.error().message();
    EXPECT_EQ(find_slot(*state, 1), nullptr);
    expect_device_error(call(image::Erase{.slot = 7}), make_error_code(ImageError::invalid_slot));
}

TEST_P(ClientOperations, ImageSlotInfo) {
    auto info = call(image::SlotInfo{});
    ASSERT_TRUE(info) << info.error().message();
    ASSERT_EQ(info->images.size(), 1u);
    EXPECT_EQ(info->images[0].image, 0u);
    ASSERT_EQ(info->images[0].slots.size(), 2u);
    EXPECT_EQ(info->images[0].slots[0].slot, 0u);
    EXPECT_EQ(info->images[0].slots[1].slot, 1u);
    EXPECT_EQ(info->images[0].slots[1].size, 256u * 1024u);  // DeviceConfig::slot_size
}

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
    EXPECT_EQ(sha->output, fs::HashOutput{sha256_of(data)});
    auto part = call(fs::FileHash{.name = fs_path, .type = "sha256", .off = 100, .len = 200});
    ASSERT_TRUE(part) << part.error().message();
    EXPECT_EQ(part->off, 100u);
    EXPECT_EQ(part->len, 200u);
    EXPECT_EQ(part->output, fs::HashOutput{sha256_of(ByteView(data).subspan(100, 200))});
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
