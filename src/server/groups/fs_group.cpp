// SPDX-License-Identifier: Apache-2.0
// File system management, group 8, as Zephyr's fs_mgmt.c answers it (shared/protocol.md
// §4.4), on a sandboxed host directory (FsSandbox). Like Zephyr it keeps ONE upload context
// (path, next expected offset, total length) shared by all clients, and closes it after
// CONFIG_MCUMGR_GRP_FS_FILE_AUTOMATIC_IDLE_CLOSE_TIME of idleness (DeviceConfig::fs_idle_close).
#include <smp/mcuboot/sha256.hpp>
#include <smp/protocol/messages/fs.hpp>

#include "server/crc32.hpp"
#include "server/fs_sandbox.hpp"
#include "server/groups/groups.hpp"
#include "server/models.hpp"

#include <fstream>
#include <limits>

namespace smp::server {
namespace {

using E = FsError;
namespace stdfs = std::filesystem;

// CONFIG_MCUMGR_GRP_FS_PATH_LEN default: longer names are answered with rc 3.
constexpr std::size_t max_path_len = 64;
// CONFIG_MCUMGR_GRP_FS_MAX_OFFSET_LEN (bytes of an encoded offset) used in the chunk formula.
constexpr std::size_t max_offset_len = 4;

// MCUMGR_GRP_FS_DL_CHUNK_SIZE (fs_mgmt_config.h): what is left of one net_buf after the SMP
// header and the CBOR of {"off", "data", "len"}.
std::size_t download_chunk(std::size_t buf_size) {
    const std::size_t n = max_offset_len;
    const std::size_t overhead = 8 + 10 + (4 + n) + (5 + n) + 4 + (4 + n);
    return buf_size > overhead ? buf_size - overhead : 1;
}

stdfs::path fs_root_of(const DeviceConfig& c) {
    if (!c.fs_root.empty())
        return c.fs_root;
    return c.state_dir.empty() ? stdfs::path{} : c.state_dir / "fs";
}

struct UploadContext {
    bool open = false;
    stdfs::path path{};
    std::uint64_t off = 0;  ///< next expected offset
    std::uint64_t len = std::numeric_limits<std::uint64_t>::max();
    Duration last_access{0};  ///< when a request last used it (restarts the idle timer)
};

std::optional<Bytes> read_range(const stdfs::path& path, std::uint64_t off, std::uint64_t len) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    in.seekg(static_cast<std::streamoff>(off));
    Bytes data(len);
    in.read(reinterpret_cast<char*>(data.data()), static_cast<std::streamsize>(len));
    data.resize(static_cast<std::size_t>(in.gcount()));
    return data;
}

class FsGroup final : public GroupHandler {
  public:
    explicit FsGroup(Models& models) : m_(models), sandbox_(fs_root_of(models.config)) {
        // smp_svr mounts littlefs at /lfs1.
        if (sandbox_.mounted() && models.config.fs_root.empty()) {
            std::error_code ec;
            stdfs::create_directories(sandbox_.root() / "lfs1", ec);
        }
    }
    std::uint16_t id() const override { return 8; }
    std::string_view name() const override { return "fs mgmt"; }
    std::size_t command_count() const override { return 5; }
    void on_reset() override { upload_ = {}; }

    Outcome handle(const Request& r) override {
        close_if_idle(r.now);
        const bool read = r.header.op == Op::read;
        switch (r.header.command) {
            case 0:
                return read ? download(r.payload) : upload(r.payload, r.now);
            case 1:
                return read ? status(r.payload) : Outcome::error(Rc::not_supported);
            case 2:
                return read ? hash(r.payload) : Outcome::error(Rc::not_supported);
            case 3:
                return read ? supported() : Outcome::error(Rc::not_supported);
            case 4:
                if (read)
                    return Outcome::error(Rc::not_supported);
                upload_ = {};
                return reply(fs::FileCloseResponse{});
            default:
                return Outcome::error(Rc::not_supported);
        }
    }

  private:
    // fs_mgmt.c closes the file from a delayed work item (file_close_work) that every
    // successful transfer request reschedules. Only a request can observe whether it has
    // fired, so it is enough to check, when one arrives, whether it would have.
    void close_if_idle(Duration now) {
        if (upload_.open && now - upload_.last_access >= m_.config.fs_idle_close)
            upload_ = {};
    }

    // A request's name resolved in the sandbox: the host path, or the Outcome that refuses it.
    struct Target {
        stdfs::path path{};
        std::optional<Outcome> refusal{};
    };

    // `must_exist`: the name must also be an existing regular file (download, status, hash).
    Target target_of(const std::string& name, bool must_exist) const {
        if (name.empty() || name.size() > max_path_len)
            return {.refusal = Outcome::error(Rc::invalid_value)};
        if (!sandbox_.mounted())
            return {.refusal = Outcome::group_error(E::mount_point_not_found)};
        auto path = sandbox_.resolve(name);
        if (!path)
            return {.refusal = Outcome::group_error(E::file_invalid_name)};
        if (must_exist)
            return {.path = *path, .refusal = check_file(*path)};
        return {.path = *path};
    }

    // A decoded request that names a file, with the name resolved (target_of()); or the
    // Outcome that refuses it, invalid_value first when the request does not decode.
    template <class M>
    struct FileRequest {
        M req{};
        stdfs::path path{};
        std::optional<Outcome> refusal{};
    };

    template <class M>
    FileRequest<M> file_request(ByteView payload, bool must_exist) const {
        auto req = decode_request<M>(payload);
        if (!req)
            return {.refusal = Outcome::error(Rc::invalid_value)};
        auto [path, refusal] = target_of(req->name, must_exist);
        return {.req = std::move(*req), .path = std::move(path), .refusal = std::move(refusal)};
    }

    // An existing regular file, or the error fs_mgmt gives for it.
    static std::optional<Outcome> check_file(const stdfs::path& path) {
        std::error_code ec;
        const auto st = stdfs::status(path, ec);
        if (!stdfs::exists(st))
            return Outcome::group_error(E::file_not_found);
        if (stdfs::is_directory(st))
            return Outcome::group_error(E::file_is_directory);
        return std::nullopt;
    }

    Outcome download(ByteView payload) {
        const auto [req, path, refusal] = file_request<fs::FileDownload>(payload, true);
        if (refusal)
            return *refusal;
        if (m_.config.fs_reads_fail)
            return Outcome::group_error(E::unknown);
        std::error_code ec;
        const auto size = stdfs::file_size(path, ec);
        auto data = read_range(path, req.off, download_chunk(m_.config.buf_size));
        if (!data)
            return Outcome::group_error(E::file_read_failed);
        fs::FileDownloadResponse rsp{.off = req.off, .data = std::move(*data)};
        if (req.off == 0)
            rsp.len = size;
        return reply(rsp);
    }

    Outcome upload(ByteView payload, Duration now) {
        const auto [req, path, refusal] = file_request<fs::FileUpload>(payload, false);
        if (refusal)
            return *refusal;
        if (req.off == 0) {
            if (!req.len)
                return Outcome::error(Rc::invalid_value);
            if (auto bad = start_upload(path, *req.len))
                return *bad;
        } else if (!upload_.open || upload_.path != path) {
            // No context for this file: continue after what the file already holds.
            std::error_code ec;
            const auto size = stdfs::file_size(path, ec);
            upload_ = UploadContext{true, path, ec ? 0 : size, req.len.value_or(upload_.len)};
        }
        if (req.off != upload_.off) {
            const auto expected = upload_.off;
            upload_ = {};
            return Outcome::group_error(E::file_offset_not_valid, cbor::Value{{"len", expected}});
        }
        if (!fits(path, req.off + req.data.size()) || !write_at(path, req.off, req.data)) {
            upload_ = {};
            return Outcome::group_error(E::file_write_failed);
        }
        upload_.off += req.data.size();
        const auto off = upload_.off;
        if (off >= upload_.len)
            upload_ = {};  // complete: fs_mgmt closes the file
        else
            upload_.last_access = now;  // fs_mgmt_upload_download_finish_check() reschedules
        return reply(fs::FileUploadResponse{.off = off});
    }

    std::optional<Outcome> start_upload(const stdfs::path& path, std::uint64_t len) {
        std::error_code ec;
        if (stdfs::is_directory(path, ec))
            return Outcome::group_error(E::file_is_directory);
        if (!stdfs::is_directory(path.parent_path(), ec))
            return Outcome::group_error(E::mount_point_not_found);  // fs_open -ENOENT
        std::ofstream create(path, std::ios::binary | std::ios::trunc);
        if (!create)
            return Outcome::group_error(E::file_open_failed);
        upload_ = UploadContext{true, path, 0, len};
        return std::nullopt;
    }

    // littlefs on the fixtures' flash (DeviceConfig::fs_size): two of its 4 KiB blocks hold the
    // superblock pair, the rest holds files; a 9000-byte file fails near 7.8 KiB on the real
    // 16 KiB one (docs/real-servers.md).
    bool fits(const stdfs::path& path, std::uint64_t new_size) const {
        constexpr std::uint64_t block = 4096;
        if (m_.config.fs_size == 0)
            return true;
        const auto capacity = m_.config.fs_size > 2 * block ? m_.config.fs_size - 2 * block : 0;
        std::uint64_t used = 0;
        std::error_code ec;
        for (const auto& entry : stdfs::recursive_directory_iterator(sandbox_.root(), ec))
            if (entry.is_regular_file(ec) && entry.path() != path)
                used += entry.file_size(ec);
        return used + new_size <= capacity;
    }

    static bool write_at(const stdfs::path& path, std::uint64_t off, const Bytes& data) {
        std::fstream out(path, std::ios::binary | std::ios::in | std::ios::out);
        if (!out)
            return false;
        out.seekp(static_cast<std::streamoff>(off));
        out.write(reinterpret_cast<const char*>(data.data()),
                  static_cast<std::streamsize>(data.size()));
        return static_cast<bool>(out.flush());
    }

    Outcome status(ByteView payload) const {
        const auto [req, path, refusal] = file_request<fs::FileStatus>(payload, true);
        if (refusal)
            return *refusal;
        std::error_code ec;
        return reply(fs::FileStatusResponse{.len = stdfs::file_size(path, ec)});
    }

    Outcome hash(ByteView payload) const {
        auto req = decode_request<fs::FileHash>(payload);
        if (!req)
            return Outcome::error(Rc::invalid_value);
        const std::string type = req->type.value_or("crc32");
        if (type != "crc32" && type != "sha256")
            return Outcome::group_error(E::checksum_hash_not_found);
        if (req->len && *req->len == 0)
            return Outcome::error(Rc::invalid_value);
        const auto [path, refusal] = target_of(req->name, true);
        if (refusal)
            return *refusal;
        std::error_code ec;
        const auto size = stdfs::file_size(path, ec);
        const auto off = req->off.value_or(0);
        if (size == 0)
            return Outcome::group_error(E::file_empty);
        if (off >= size)
            return Outcome::group_error(E::file_offset_larger_than_file);
        if (m_.config.fs_reads_fail)
            return Outcome::group_error(E::unknown);
        auto data = read_range(path, off, std::min(req->len.value_or(size), size - off));
        if (!data)
            return Outcome::group_error(E::file_read_failed);
        fs::FileHashResponse rsp{.type = type, .len = data->size()};
        if (off != 0)
            rsp.off = off;
        if (type == "crc32") {
            rsp.output = std::uint64_t{crc32_ieee_update(0, *data)};
        } else {
            const auto digest = mcuboot::sha256(*data);
            rsp.output = Bytes(digest.begin(), digest.end());
        }
        return reply(rsp);
    }

    static Outcome supported() {
        return reply(fs::SupportedHashesResponse{
            .types = {
                {"crc32", fs::HashType{.format = fs::HashFormat::integer, .size = 4}},
                {"sha256", fs::HashType{.format = fs::HashFormat::byte_string, .size = 32}}}});
    }

    Models& m_;
    FsSandbox sandbox_;
    UploadContext upload_{};
};

}  // namespace

std::unique_ptr<GroupHandler> make_fs_group(Models& models) {
    return std::make_unique<FsGroup>(models);
}

}  // namespace smp::server
