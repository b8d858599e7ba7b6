#include "server/boot.hpp"

#include <smp/image/mcuboot_image.hpp>

#include "server/storage.hpp"

#include <nlohmann/json.hpp>

namespace smp::server {

Boot::Boot(std::uint32_t image_count, std::filesystem::path dir)
    : images_(image_count), dir_(std::move(dir)) {}

void Boot::on_reset(Flash& flash) {
    for (std::uint32_t i = 0; i < images_.size(); ++i) {
        auto& s = images_[i];
        const std::uint32_t primary = 2 * i;
        const std::uint32_t secondary = primary + 1;
        if (s.pending != PendingSwap::none) {
            // MCUboot validates the candidate first; a bad image is erased, never booted.
            // parse_mcuboot_image checks the hash TLV against the image, as bootutil does.
            if (image::parse_mcuboot_image(flash.slot(secondary))) {
                flash.swap(primary, secondary);
                s.primary_confirmed = s.pending == PendingSwap::permanent;
                s.swapped_for_test = s.pending == PendingSwap::test;
            } else {
                flash.erase(secondary, 0, flash.slot_size());
            }
            s.pending = PendingSwap::none;
        } else if (s.revert_next()) {
            flash.swap(primary, secondary);
            s.primary_confirmed = true;
            s.swapped_for_test = false;
        }
    }
}

void Boot::load() {
    if (dir_.empty())
        return;
    auto data = read_file(dir_ / "boot.json");
    if (!data)
        return;
    auto json = nlohmann::json::parse(data->begin(), data->end(), nullptr, false);
    if (!json.is_array())
        return;
    for (std::size_t i = 0; i < images_.size() && i < json.size(); ++i) {
        const auto& j = json[i];
        images_[i].pending = static_cast<PendingSwap>(j.value("pending", 0));
        images_[i].primary_confirmed = j.value("primary_confirmed", true);
        images_[i].swapped_for_test = j.value("swapped_for_test", false);
    }
}

void Boot::flush() const {
    if (dir_.empty())
        return;
    auto json = nlohmann::json::array();
    for (const auto& s : images_) {
        json.push_back({{"pending", static_cast<int>(s.pending)},
                        {"primary_confirmed", s.primary_confirmed},
                        {"swapped_for_test", s.swapped_for_test}});
    }
    const auto text = json.dump(2);
    write_file_atomically(dir_ / "boot.json", as_bytes(text));
}

}  // namespace smp::server
