// SPDX-License-Identifier: Apache-2.0
// Fuzzes the Intel HEX reader: no crash, bounded allocation, and accepted input must yield
// data that fits in the 32-bit address space.
#include <smp/mcuboot/intel_hex.hpp>

#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    // A small span limit keeps each run fast; the limit itself is what is being exercised.
    auto hex = smp::mcuboot::parse_intel_hex(text, {.max_image_size = 1 << 20});
    if (hex) {
        if (hex->data.empty() || hex->data.size() > (1u << 20) ||
            std::uint64_t{hex->base_address} + hex->data.size() > (std::uint64_t{1} << 32))
            std::abort();
    }
    return 0;
}
