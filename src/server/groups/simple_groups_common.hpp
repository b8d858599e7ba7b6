#pragma once
// Shared helpers of the small groups: typed field access on a request map.
#include "server/handler.hpp"

#include <optional>
#include <string>

namespace smp::server {

/// The text value of `key`; nullopt when absent or of another type.
inline std::optional<std::string> text_field(const cbor::Value& map, const char* key) {
    auto it = map.find(key);
    if (it == map.end() || !it->is_string())
        return std::nullopt;
    return it->get<std::string>();
}

}  // namespace smp::server
