// SPDX-License-Identifier: Apache-2.0
// File system group transfers: Client::upload_file and Client::download_file.
//
// One request in flight (window 1), on purpose. Zephyr's fs_mgmt keeps a single upload
// context and checks every chunk's offset against it (fs_mgmt.c; shared/protocol.md §6.8):
// a second chunk sent before the first is answered either lands in order (no faster: the
// device handles one request at a time and writes the file synchronously) or, after a loss,
// is refused with FS 11 and must be resent anyway. Downloads cannot be pipelined exactly
// because the device picks each chunk's size, so the next offset is known only from the
// answer. Pipelining would buy nothing but resends here; the image upload, whose device
// side buffers, is where the window pays off.
#include <smp/client/client.hpp>

#include <smp/protocol/cbor.hpp>
#include <smp/protocol/messages/fs.hpp>
#include <smp/protocol/upload/chunk_sizing.hpp>

#include <algorithm>

#include "client/client_impl.hpp"

namespace smp {
namespace {

Error violation(std::string detail) {
    return Error{make_error_code(Errc::protocol_violation), std::move(detail)};
}

/// The offset an FS 11 (FILE_OFFSET_NOT_VALID) answer names in its "len" key, if this
/// answer is one.
std::optional<std::uint64_t> expected_offset(ByteView payload) {
    auto error = find_device_error(payload);
    if (!error || !*error || (*error)->group != to_underlying(Group::fs) ||
        (*error)->rc != static_cast<std::int64_t>(FsError::file_offset_not_valid))
        return std::nullopt;
    auto value = cbor::decode(payload);
    if (!value || !value->is_object() || !value->contains("len") ||
        !(*value)["len"].is_number_unsigned())
        return std::nullopt;
    return (*value)["len"].get<std::uint64_t>();
}

/// A file chunk as a request that may be repeated on timeout: see each transfer for why
/// repeating is safe.
template <class M>
RawRequest chunk_request(const M& chunk, std::chrono::milliseconds timeout) {
    return RawRequest{to_underlying(M::group), M::command, M::op,
                      encode_payload(chunk),   true,       timeout};
}

/// `error` from the answer to the chunk at `off` of file `name`, saying which chunk it was.
/// A device error carries no detail of its own (its group, rc and reason are in `device`):
/// then the chunk is the whole detail, with no dangling ": " after it.
Error chunk_error(const std::string& name, std::uint64_t off, const Error& error) {
    auto where = "file " + name + " at offset " + std::to_string(off);
    return Error{error.code, error.detail.empty() ? where : where + ": " + error.detail,
                 error.device};
}

struct Rate {
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

    UploadProgress at(std::uint64_t bytes, std::uint64_t total) const {
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        return {bytes, total, seconds > 0 ? static_cast<double>(bytes) / seconds : 0.0};
    }
};

}  // namespace

asio::awaitable<Status> Client::upload_file(std::string name, ByteView data,
                                            FileTransferOptions options,
                                            ProgressCallback progress) {
    auto impl = impl_;
    co_await asio::this_coro::throw_if_cancelled(false);
    const std::uint64_t size = data.size();
    const Rate rate;
    std::uint64_t off = 0;
    unsigned corrections = 0;
    do {
        fs::FileUpload chunk{.off = off, .name = name};
        if (off == 0)
            chunk.len = size;  // required at off 0: the device opens (truncates) the file
        const auto room = upload::max_chunk_data(chunk, impl->params.message_budget);
        if (!room)
            co_return Error{room.error().code, "file " + name + ": " + room.error().detail};
        const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(*room, size - off));
        chunk.data.assign(data.begin() + static_cast<std::ptrdiff_t>(off),
                          data.begin() + static_cast<std::ptrdiff_t>(off + n));
        // Repeating a chunk is safe: a duplicate is refused with FS 11 naming the offset to
        // continue from, and a repeated off 0 restarts the file.
        auto answer = co_await request_raw(chunk_request(chunk, options.chunk_timeout));
        if (!answer)
            co_return std::move(answer).error();
        if (auto expected = expected_offset(answer->payload)) {
            if (*expected > size || ++corrections > options.max_offset_corrections)
                co_return violation("file " + name + ": the device keeps asking for offset " +
                                    std::to_string(*expected) + " of " + std::to_string(size) +
                                    " bytes (" + address() + ")");
            off = *expected;
            continue;
        }
        auto written = decode_response<fs::FileUploadResponse>(answer->payload);
        if (!written)
            co_return chunk_error(name, off, written.error());
        const std::uint64_t next = written->off.value_or(off + n);
        if (next > size || next < off)
            co_return violation("file " + name + ": the device answered offset " +
                                std::to_string(next) + " to a chunk at " + std::to_string(off));
        if (next > off)
            corrections = 0;
        off = next;
        if (progress)
            progress(rate.at(off, size));
    } while (off < size);
    co_return Unit{};
}

asio::awaitable<Result<Bytes>> Client::download_file(std::string name, FileTransferOptions options,
                                                     ProgressCallback progress) {
    co_await asio::this_coro::throw_if_cancelled(false);
    const Rate rate;
    Bytes file;
    std::optional<std::uint64_t> total;
    while (!total || file.size() < *total) {
        const fs::FileDownload chunk{.off = file.size(), .name = name};
        // Repeating a read is safe: the device answers the same offset again.
        auto answer = co_await request_raw(chunk_request(chunk, options.chunk_timeout));
        if (!answer)
            co_return std::move(answer).error();
        auto got = decode_response<fs::FileDownloadResponse>(answer->payload);
        if (!got)
            co_return chunk_error(name, chunk.off, got.error());
        if (got->off != chunk.off)
            co_return violation("file " + name + ": asked for offset " + std::to_string(chunk.off) +
                                ", got " + std::to_string(got->off));
        if (!total) {
            if (!got->len)
                co_return violation("file " + name + ": no \"len\" in the first answer");
            total = *got->len;
        }
        if (got->data.empty() && file.size() < *total)
            co_return violation("file " + name + ": no data at offset " +
                                std::to_string(file.size()) + " of " + std::to_string(*total));
        if (file.size() + got->data.size() > *total)
            co_return violation("file " + name + ": more data than the announced " +
                                std::to_string(*total) + " bytes");
        file.insert(file.end(), got->data.begin(), got->data.end());
        if (progress)
            progress(rate.at(file.size(), *total));
    }
    co_return file;
}

}  // namespace smp
