// SPDX-License-Identifier: Apache-2.0
#pragma once
// Helpers for the tests of the virtual device's MCUboot modes: a device of a given mode with
// a factory image, uploads, state writes, and short views of the image list.
#include "unit/server/server_image_builder.hpp"
#include "unit/server/server_test_util.hpp"

#include <smp/protocol/messages/image.hpp>
#include <smp/protocol/messages/os.hpp>
#include <smp/server/device.hpp>

#include <fstream>
#include <functional>
#include <string>

namespace smp_test {

inline constexpr std::uint32_t mode_slot_size = 16 * 1024;

inline smp::server::DeviceConfig mode_config(smp::os::McubootMode mode,
                                             const std::filesystem::path& dir) {
    smp::server::DeviceConfig c;
    c.mcuboot_mode = mode;
    c.slot_size = mode_slot_size;
    c.state_dir = dir;
    return c;
}

/// Puts `image` into `slot` as if flashed before power-on (slot<N>.bin in the state dir).
inline void flash_slot(const std::filesystem::path& dir, int slot, const smp::Bytes& image) {
    smp::Bytes content(mode_slot_size, 0xff);
    std::copy(image.begin(), image.end(), content.begin());
    std::ofstream out(dir / ("slot" + std::to_string(slot) + ".bin"), std::ios::binary);
    out.write(reinterpret_cast<const char*>(content.data()),
              static_cast<std::streamsize>(content.size()));
}

/// A small image of version major.0.0 (distinct content per version).
inline smp::Bytes version(std::uint8_t major, std::uint32_t flags = 0) {
    return make_image(major, 0, 0, 500, major, flags);
}

/// A device of one MCUboot mode whose slot 0 holds a factory image, on its own state dir.
struct ModeDevice {
    using Tweak = std::function<void(smp::server::DeviceConfig&)>;
    ModeDevice(smp::os::McubootMode mode, const smp::Bytes& factory, const Tweak& tweak = {})
        : d(prepare(mode, factory, tweak)) {}

    TempDir dir;
    smp::server::Device d;

  private:
    smp::server::DeviceConfig prepare(smp::os::McubootMode mode, const smp::Bytes& factory,
                                      const Tweak& tweak) {
        flash_slot(dir.path, 0, factory);
        auto c = mode_config(mode, dir.path);
        if (tweak)
            tweak(c);
        return c;
    }
};

inline smp::cbor::Value image_list(smp::server::Device& d) {
    return single_reply(d, raw_request(smp::Op::read, 1, 0, smp::cbor::Value::object()))
        .body["images"];
}

/// "slot:version:flags" for each listed slot, flags as letters a(ctive) c(onfirmed)
/// p(ending) P(ermanent), e.g. "0:1.0.0:ac 1:2.0.0:pP".
inline std::string summary(smp::server::Device& d) {
    std::string out;
    for (const auto& e : image_list(d)) {
        if (!out.empty())
            out += ' ';
        out += std::to_string(e["slot"].get<int>()) + ":" + e["version"].get<std::string>() + ":";
        out += e["active"].get<bool>() ? "a" : "";
        out += e["confirmed"].get<bool>() ? "c" : "";
        out += e["pending"].get<bool>() ? "p" : "";
        out += e["permanent"].get<bool>() ? "P" : "";
    }
    return out;
}

/// Uploads `image` whole; returns the last response body (an error body if refused).
inline smp::cbor::Value upload_image(smp::server::Device& d, const smp::Bytes& image) {
    smp::cbor::Value last;
    std::uint64_t off = 0;
    while (off < image.size()) {
        smp::image::Upload req;
        req.off = off;
        const auto n = std::min<std::size_t>(512, image.size() - off);
        req.data.assign(image.begin() + static_cast<std::ptrdiff_t>(off),
                        image.begin() + static_cast<std::ptrdiff_t>(off + n));
        if (off == 0)
            req.len = image.size();
        last = call(d, req).body;
        if (!last.contains("off"))
            return last;
        off = last["off"].get<std::uint64_t>();
    }
    return last;
}

/// Image state write: test (confirm false) or confirm of the image with `image`'s hash.
inline smp::cbor::Value set_state(smp::server::Device& d, const smp::Bytes& image, bool confirm) {
    return single_reply(d,
                        raw_request(smp::Op::write, 1, 0,
                                    smp::cbor::Value{{"hash", smp::cbor::bytes(image_hash(image))},
                                                     {"confirm", confirm}}))
        .body;
}

/// Confirm of the running image (no hash).
inline smp::cbor::Value confirm_running(smp::server::Device& d) {
    return single_reply(d, raw_request(smp::Op::write, 1, 0, smp::cbor::Value{{"confirm", true}}))
        .body;
}

inline smp::cbor::Value image_error(int rc) {
    return smp::cbor::Value{{"err", {{"group", 1}, {"rc", rc}}}};
}

}  // namespace smp_test
