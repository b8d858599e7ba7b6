// SPDX-License-Identifier: Apache-2.0
#include <smp/mcuboot/image_file.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <memory>

namespace smp::mcuboot {

namespace {

bool ends_with_ci(std::string_view s, std::string_view suffix) {
    if (s.size() < suffix.size())
        return false;
    return std::equal(suffix.begin(), suffix.end(),
                      s.end() - static_cast<std::ptrdiff_t>(suffix.size()), [](char a, char b) {
                          const auto lower = [](char c) {
                              return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
                          };
                          return lower(a) == lower(b);
                      });
}

Error with_name(Error error, std::string_view name) {
    if (!name.empty())  // the name alone when there is no detail: no dangling ": "
        error.detail =
            error.detail.empty() ? std::string(name) : std::string(name) + ": " + error.detail;
    return error;
}

}  // namespace

Result<ImageFile> read_image(ByteView content, std::string_view name) {
    ImageFile file;
    const bool hex_name = ends_with_ci(name, ".hex") || ends_with_ci(name, ".ihex");
    if (hex_name || looks_like_intel_hex(content)) {
        const std::string_view text(reinterpret_cast<const char*>(content.data()), content.size());
        auto hex = parse_intel_hex(text);
        if (!hex)
            return with_name(std::move(hex).error(), name);
        file.format = FileFormat::intel_hex;
        file.base_address = hex->base_address;
        file.bytes = std::move(hex->data);
    } else {
        file.bytes.assign(content.begin(), content.end());
    }
    auto image = parse_mcuboot_image(file.bytes);
    if (!image)
        return with_name(std::move(image).error(), name);
    file.image = std::move(*image);
    return file;
}

Result<ImageFile> load_image_file(const std::string& path) {
    struct Close {
        void operator()(std::FILE* f) const noexcept { std::fclose(f); }
    };
    std::unique_ptr<std::FILE, Close> f(std::fopen(path.c_str(), "rb"));
    if (!f)
        return Error{std::error_code(errno, std::generic_category()), "cannot open " + path};
    Bytes content;
    std::uint8_t buffer[65536];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, f.get())) > 0)
        content.insert(content.end(), buffer, buffer + n);
    if (std::ferror(f.get()))
        return Error{std::error_code(EIO, std::generic_category()), "cannot read " + path};
    return read_image(content, path);
}

}  // namespace smp::mcuboot
