// Exact chunk sizing by encoding (see upload_chunk_size.hpp).
#include "protocol/upload_chunk_size.hpp"

#include <smp/protocol/header.hpp>

namespace smp::protocol {
namespace {

bool fits(image::Upload& chunk, std::size_t data_size, std::size_t message_budget) {
    chunk.data.assign(data_size, 0);
    return header_size + encode_payload(chunk).size() <= message_budget;
}

}  // namespace

std::size_t max_upload_data(const image::Upload& prototype, std::size_t message_budget) {
    image::Upload chunk = prototype;
    if (message_budget <= header_size || !fits(chunk, 0, message_budget))
        return 0;
    // The encoded size grows monotonically with the data size, so binary search is exact.
    std::size_t good = 0;
    std::size_t bad = message_budget;  // data alone would exceed the budget
    while (bad - good > 1) {
        const std::size_t mid = good + (bad - good) / 2;
        if (fits(chunk, mid, message_budget))
            good = mid;
        else
            bad = mid;
    }
    return good;
}

}  // namespace smp::protocol
