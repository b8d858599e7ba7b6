// SPDX-License-Identifier: Apache-2.0
#pragma once
// A plain text table on stdout: columns as wide as their widest cell, two blanks apart, the
// first row the header. Used by `ports` and the summary of several devices.
#include <string>
#include <vector>

namespace smpctl {

using TableRow = std::vector<std::string>;

/// Prints `rows` (all the same length) left-aligned; the last column is not padded.
void print_table(const std::vector<TableRow>& rows);

}  // namespace smpctl
