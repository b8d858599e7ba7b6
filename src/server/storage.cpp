// SPDX-License-Identifier: Apache-2.0
#include "server/storage.hpp"

#include <unistd.h>
#include <fstream>
#include <system_error>

namespace smp::server {

std::optional<Bytes> read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    Bytes data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return data;
}

bool write_file_atomically(const std::filesystem::path& path, ByteView data) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    const auto temp = path.string() + ".tmp." + std::to_string(::getpid());
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out)
            return false;
        out.write(reinterpret_cast<const char*>(data.data()),
                  static_cast<std::streamsize>(data.size()));
        out.flush();
        if (!out)
            return false;
    }
    std::filesystem::rename(temp, path, ec);
    return !ec;
}

}  // namespace smp::server
