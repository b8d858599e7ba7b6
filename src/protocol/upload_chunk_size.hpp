#pragma once
// Exact chunk sizing for image::Upload by encoding. Stands in for
// smp/protocol/chunk_sizing.hpp (serial framing work) until that lands; the upload machine
// calls only this function, so swapping is one line.
#include <smp/protocol/messages/image.hpp>

#include <cstddef>

namespace smp::protocol {

/// The largest `data` size such that header + CBOR of `chunk` (its other fields as given)
/// fits `message_budget` bytes; 0 when not even an empty chunk fits.
std::size_t max_upload_data(const image::Upload& chunk, std::size_t message_budget);

}  // namespace smp::protocol
