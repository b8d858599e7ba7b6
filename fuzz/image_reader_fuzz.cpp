// SPDX-License-Identifier: Apache-2.0
// Fuzzes the MCUboot image reader (and the format sniffing in read_image): no crash, no
// out-of-bounds read, and an accepted image must be internally consistent. Also checks that
// whatever payload the builder is given, its image reads back.
#include <smp/mcuboot/image_builder.hpp>
#include <smp/mcuboot/image_file.hpp>
#include <smp/mcuboot/mcuboot_image.hpp>

#include <cstdlib>

namespace {

void check_consistent(const smp::mcuboot::McubootImage& image, std::size_t size) {
    using namespace smp::mcuboot;
    if (image.hash.size() != digest_size(image.hash_algorithm) || image.image_end > size ||
        image.file_size != size || image.tlvs.empty())
        std::abort();
    for (const Tlv& tlv : image.tlvs)
        if (tlv.offset + tlv_header_size + tlv.value.size() > image.image_end)
            std::abort();
    if (image.trailer && image.trailer->magic_offset + 16 != size)
        std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const smp::ByteView input(data, size);
    if (auto image = smp::mcuboot::parse_mcuboot_image(input))
        check_consistent(*image, size);
    (void)smp::mcuboot::read_image(input, {});

    if (size < 512) {
        smp::mcuboot::ImageBuildOptions options;
        options.version = {static_cast<std::uint8_t>(size), 1, 2, 3};
        options.security_counter = static_cast<std::uint32_t>(size);
        auto built = smp::mcuboot::build_mcuboot_image(input, options);
        if (!built || !smp::mcuboot::parse_mcuboot_image(*built))
            std::abort();
    }
    return 0;
}
