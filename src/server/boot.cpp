// SPDX-License-Identifier: Apache-2.0
#include "server/boot.hpp"

#include "server/boot_policy.hpp"
#include "server/storage.hpp"

#include <nlohmann/json.hpp>

namespace smp::server {
namespace {

nlohmann::json trailer_json(const XipTrailer& t) {
    return {{"magic", t.magic}, {"copy_done", t.copy_done}, {"image_ok", t.image_ok}};
}

XipTrailer trailer_from(const nlohmann::json& j, const XipTrailer& fallback) {
    if (!j.is_object())
        return fallback;
    return {j.value("magic", fallback.magic), j.value("copy_done", fallback.copy_done),
            j.value("image_ok", fallback.image_ok)};
}

}  // namespace

void ImageBootState::primary_replaced() noexcept {
    // Recovery erased and rewrote the primary: its trailer is gone, no swap is pending
    // for it, and MCUboot boots it as is (an imgtool --confirm image for Direct-XIP).
    pending = PendingSwap::none;
    primary_confirmed = true;
    swapped_for_test = false;
    trailers[0] = confirmed_trailer;
}

Boot::Boot(std::uint32_t image_count, std::filesystem::path dir, os::McubootMode mode,
           bool no_downgrade)
    : images_(image_count), dir_(std::move(dir)), mode_(mode), no_downgrade_(no_downgrade) {}

void Boot::on_reset(Flash& flash) {
    for (std::uint32_t i = 0; i < images_.size(); ++i)
        run_bootloader(BootContext{images_[i], flash, 2 * i, mode_, no_downgrade_});
}

void Boot::slot_erased(std::uint32_t slot) {
    images_.at(slot / 2).trailers.at(slot % 2) = XipTrailer{};
}

void Boot::load() {
    if (dir_.empty())
        return;
    auto data = read_file(dir_ / "boot.json");
    if (!data)
        return;
    auto json = nlohmann::json::parse(as_chars(*data), nullptr, false);
    if (!json.is_array())
        return;
    for (std::size_t i = 0; i < images_.size() && i < json.size(); ++i) {
        const auto& j = json[i];
        auto& s = images_[i];
        s.pending = static_cast<PendingSwap>(j.value("pending", 0));
        s.primary_confirmed = j.value("primary_confirmed", true);
        s.swapped_for_test = j.value("swapped_for_test", false);
        s.active_slot = j.value("active_slot", 0u) % 2;
        const auto trailers = j.value("trailers", nlohmann::json::array());
        for (std::size_t t = 0; t < 2 && t < trailers.size(); ++t)
            s.trailers[t] = trailer_from(trailers[t], s.trailers[t]);
    }
}

void Boot::flush() const {
    if (dir_.empty())
        return;
    auto json = nlohmann::json::array();
    for (const auto& s : images_) {
        json.push_back({{"pending", static_cast<int>(s.pending)},
                        {"primary_confirmed", s.primary_confirmed},
                        {"swapped_for_test", s.swapped_for_test},
                        {"active_slot", s.active_slot},
                        {"trailers", {trailer_json(s.trailers[0]), trailer_json(s.trailers[1])}}});
    }
    const auto text = json.dump(2);
    write_file_atomically(dir_ / "boot.json", as_bytes(text));
}

}  // namespace smp::server
