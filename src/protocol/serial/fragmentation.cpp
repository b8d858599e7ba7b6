// SPDX-License-Identifier: Apache-2.0
// Serial fragmentation strategies (see fragmentation.hpp).
#include <smp/protocol/serial/fragmentation.hpp>

#include <algorithm>
#include <string>

namespace smp::serial {
namespace {

Error invalid(std::string detail) {
    return Error{Errc::invalid_argument, std::move(detail)};
}

Result<std::size_t> check_line_length(std::size_t length) {
    if (length < min_line_length)
        return invalid("serial line length " + std::to_string(length) +
                       " is below the minimum of " + std::to_string(min_line_length));
    return length;
}

Result<std::size_t> check_budget(std::size_t budget, const std::string& what) {
    if (budget < min_message_size)
        return invalid(what + " leaves " + std::to_string(budget) +
                       " bytes per SMP message; at least " + std::to_string(min_message_size) +
                       " are needed");
    return std::min(budget, max_frame_message_size);
}

Result<std::size_t> from_buffer(std::size_t buf_size, const std::string& what) {
    const std::size_t budget = buf_size > frame_overhead ? buf_size - frame_overhead : 0;
    return check_budget(budget, what + " " + std::to_string(buf_size));
}

Result<std::size_t> from_lines(const BufferParams& p) {
    if (auto ok = check_line_length(p.line_length); !ok)
        return ok;
    if (p.line_buffers == 0)
        return invalid("serial line_buffers must be at least 1");
    const std::size_t encoded = p.line_length * p.line_buffers;
    return check_budget(max_message_for_encoded_size(encoded, p.line_length),
                        "an encoded budget of " + std::to_string(p.line_buffers) + " x " +
                            std::to_string(p.line_length) + " bytes");
}

}  // namespace

Result<std::size_t> max_message_size(const Fragmentation& strategy,
                                     std::optional<std::size_t> advertised_buf_size) {
    if (auto ok = check_line_length(line_length(strategy)); !ok)
        return ok;
    if (const auto* a = std::get_if<Auto>(&strategy)) {
        if (advertised_buf_size)
            return from_buffer(*advertised_buf_size, "the device's advertised buf_size");
        return from_lines({a->line_length, auto_fallback.line_buffers});
    }
    if (const auto* b = std::get_if<BufferSize>(&strategy))
        return from_buffer(b->buf_size, "buf_size");
    return from_lines(std::get<BufferParams>(strategy));
}

std::size_t line_length(const Fragmentation& strategy) noexcept {
    return std::visit([](const auto& s) { return s.line_length; }, strategy);
}

}  // namespace smp::serial
