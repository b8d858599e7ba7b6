// SPDX-License-Identifier: Apache-2.0
// Text tables (see table.hpp).
#include "table.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace smpctl {

void print_table(const std::vector<TableRow>& rows) {
    std::vector<std::size_t> width;
    for (const auto& row : rows) {
        width.resize(std::max(width.size(), row.size()));
        for (std::size_t c = 0; c < row.size(); ++c)
            width[c] = std::max(width[c], row[c].size());
    }
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t c = 0; c < row.size(); ++c)
            line += c + 1 < row.size() ? fmt::format("{:<{}}  ", row[c], width[c]) : row[c];
        fmt::print("{}\n", line);
    }
}

}  // namespace smpctl
