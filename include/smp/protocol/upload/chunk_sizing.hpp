// SPDX-License-Identifier: Apache-2.0
#pragma once
// Exact chunk sizes for uploads: the largest `data` length whose whole request (8-byte SMP
// header + the CBOR payload smp::encode_payload produces) fits a message budget, proven by
// encoding the real request (ARCHITECTURE.md: "computed exactly ... never estimated").
//
// The request passed in is the one that will be sent, minus its data: every other field
// (off, len, sha, image, upgrade, name) counts, because their CBOR sizes vary (an offset of
// 70000 takes 4 bytes more than an offset of 10). Its `data` member is ignored.
//
//     smp::image::Upload next{.off = offset};
//     auto n = smp::upload::max_chunk_data(next, budget);   // budget from
//     serial::max_message_size(),
//                                                   // the UDP/BLE transport, or params
//
// Alignment: with alignment N > 1 the result is rounded down to a multiple of N (devices whose
// flash writes need it; Zephyr's own client aligns to
// CONFIG_MCUMGR_GRP_IMG_UPLOAD_DATA_ALIGNMENT_SIZE; MCUboot truncates unaligned chunks, §7).
// The caller still sends min(result, bytes remaining); the last chunk needs no alignment.
//
// Thread safety: pure functions.
#include <smp/protocol/messages/fs.hpp>
#include <smp/protocol/messages/image.hpp>
#include <smp/protocol/result.hpp>

#include <cstddef>

namespace smp::upload {

/// Zephyr rejects a first image chunk (off 0) carrying fewer data bytes (img_mgmt.c, err 22).
inline constexpr std::size_t min_first_image_chunk = 32;

/// The largest data length (a multiple of `alignment`) for which `request` with that much
/// data encodes to at most `message_budget` bytes (header included).
/// Errors: Errc::invalid_argument when alignment is 0; Errc::message_too_large when not
/// even one aligned unit of data fits, or, for an image upload at off 0, fewer than
/// min_first_image_chunk bytes.
Result<std::size_t> max_chunk_data(const image::Upload& request, std::size_t message_budget,
                                   std::size_t alignment = 1);
/// As above, for a file upload chunk.
Result<std::size_t> max_chunk_data(const fs::FileUpload& request, std::size_t message_budget,
                                   std::size_t alignment = 1);

/// Encoded size (header + payload) of `request` carrying `data_size` data bytes; its own
/// `data` is ignored. Encodes for real.
std::size_t encoded_request_size(const image::Upload& request, std::size_t data_size);
/// As above, for a file upload chunk.
std::size_t encoded_request_size(const fs::FileUpload& request, std::size_t data_size);

}  // namespace smp::upload
