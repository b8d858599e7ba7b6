// SPDX-License-Identifier: Apache-2.0
// The image a device leaves the factory with: MCUboot boots it from slot 0, confirmed.
#include <smp/mcuboot/image_builder.hpp>

#include "server/models.hpp"

namespace smp::server {

void install_factory_image(Flash& flash) {
    // A small stand-in application: what matters to a client is that slot 0 holds a valid,
    // confirmed image (imgtool sign --confirm) with a version and a hash.
    const Bytes payload(4096, 0x5a);
    auto image = mcuboot::build_mcuboot_image(
        payload, {.version = {.major = 1, .minor = 0, .revision = 0, .build = 0},
                  .header_size = 0x200,
                  .slot_size = flash.slot_size(),
                  .confirm = true});
    if (image)
        flash.write(0, 0, *image);
}

}  // namespace smp::server
