// SPDX-License-Identifier: Apache-2.0
// Exact upload chunk sizing (see chunk_sizing.hpp).
#include <smp/protocol/upload/chunk_sizing.hpp>

#include <algorithm>
#include <optional>
#include <string>

namespace smp::upload {
namespace {

// Bytes of a CBOR byte-string head for a length (RFC 8949 §3: 1, 2, 3, 5 or 9 bytes).
std::size_t bstr_head(std::size_t n) {
    if (n < 24)
        return 1;
    if (n <= 0xff)
        return 2;
    if (n <= 0xffff)
        return 3;
    if (n <= 0xffffffffu)
        return 5;
    return 9;
}

// `shape` carries no data of its own (see without_data), so the copy here is small.
template <class M>
std::size_t encoded_size(M shape, std::size_t data_size) {
    shape.data.assign(data_size, 0);
    return header_size + encode_payload(shape).size();
}

template <class M>
M without_data(const M& request) {
    M shape = request;
    shape.data.clear();
    return shape;
}

// The largest n with encoded_size(n) <= budget, or nullopt when not even n = 0 fits.
// The estimate assumes the data only adds its bytes and its bstr head; encoding then
// confirms it and walks to the exact boundary if the codec ever disagrees.
template <class M>
std::optional<std::size_t> largest_fit(const M& request, std::size_t budget) {
    const std::size_t empty = encoded_size(request, 0);  // bstr head of 1 byte
    if (empty > budget)
        return std::nullopt;
    std::size_t n = budget - empty;  // upper bound: every extra byte costs at least one
    while (n > 0 && empty - 1 + bstr_head(n) + n > budget)
        --n;
    while (n > 0 && encoded_size(request, n) > budget)
        --n;
    while (encoded_size(request, n + 1) <= budget)
        ++n;
    return n;
}

template <class M>
Result<std::size_t> max_chunk(const M& request, std::size_t budget, std::size_t alignment,
                              std::size_t minimum) {
    if (alignment == 0)
        return Error{Errc::invalid_argument, "chunk alignment must be at least 1"};
    const auto fit = largest_fit(without_data(request), budget);
    const std::size_t n = fit ? *fit / alignment * alignment : 0;
    if (n == 0 || n < minimum)
        return Error{Errc::message_too_large,
                     "an SMP message budget of " + std::to_string(budget) + " bytes leaves " +
                         std::to_string(fit.value_or(0)) + " data bytes at offset " +
                         std::to_string(request.off) + "; need at least " +
                         std::to_string(std::max<std::size_t>({minimum, alignment, 1}))};
    return n;
}

}  // namespace

Result<std::size_t> max_chunk_data(const image::Upload& request, std::size_t message_budget,
                                   std::size_t alignment) {
    return max_chunk(request, message_budget, alignment,
                     request.off == 0 ? min_first_image_chunk : 1);
}

Result<std::size_t> max_chunk_data(const fs::FileUpload& request, std::size_t message_budget,
                                   std::size_t alignment) {
    return max_chunk(request, message_budget, alignment, 1);
}

std::size_t encoded_request_size(const image::Upload& request, std::size_t data_size) {
    return encoded_size(without_data(request), data_size);
}

std::size_t encoded_request_size(const fs::FileUpload& request, std::size_t data_size) {
    return encoded_size(without_data(request), data_size);
}

}  // namespace smp::upload
