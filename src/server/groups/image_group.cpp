// SPDX-License-Identifier: Apache-2.0
// Image management, group 1, as Zephyr's img_mgmt.c / zephyr_img_mgmt.c / img_mgmt_state.c
// answer it (shared/protocol.md §4.1 and the upload rules of §6).
#include <smp/mcuboot/mcuboot_image.hpp>
#include <smp/mcuboot/sha256.hpp>
#include <smp/protocol/messages/image.hpp>

#include "server/groups/command_table.hpp"
#include "server/groups/groups.hpp"
#include "server/mode_traits.hpp"
#include "server/models.hpp"
#include "server/xip_image_state.hpp"

#include <algorithm>

namespace smp::server {
namespace {

using E = ImageError;

// img_mgmt_priv.h upload reasons (IMG_MGMT_UPLOAD_ACTION_SET_RC_RSN), sent in v1 answers.
constexpr const char* header_malformed = "header malformed";

struct UploadState {
    int slot = -1;  ///< -1 = idle (img_mgmt's area_id)
    std::uint64_t off = 0;
    std::uint64_t size = 0;
    Bytes sha{};
};

// The first chunk must begin with an image header carrying IMAGE_MAGIC (img_mgmt_upload_inspect).
bool has_image_magic(ByteView data) {
    return data.size() >= 4 &&
           (std::uint32_t{data[0]} | std::uint32_t{data[1]} << 8 | std::uint32_t{data[2]} << 16 |
            std::uint32_t{data[3]} << 24) == mcuboot::image_magic;
}

Duration flash_time(Duration per_kb, std::uint64_t bytes) {
    return Duration(per_kb.count() * static_cast<std::int64_t>(bytes) / 1024);
}

class ImageGroup final : public CommandTable<ImageGroup, Group::image> {
  public:
    explicit ImageGroup(Models& models) : CommandTable("img mgmt", models.config), m_(models) {
        on<image::StateRead>(&ImageGroup::state_read);
        on<image::StateWrite>(&ImageGroup::state_write, &DeviceConfig::image_state_write);
        on<image::Upload>(&ImageGroup::upload);
        on<image::Erase>(&ImageGroup::erase);
        on<image::SlotInfo>(&ImageGroup::slot_info);
    }
    void on_reset() override { upload_ = {}; }

  private:
    Outcome state_read(const Request&) const { return Outcome::ok(state_list()); }

    // Any error ends the upload in progress (img_mgmt_upload's error path resets the state).
    Outcome failing(Outcome o) {
        if (o.rc != 0 || o.group_rc)
            upload_ = {};
        return o;
    }

    bool multi_image() const { return m_.config.image_count > 1; }

    // What img_mgmt_read_info accepts: a readable image with exactly one 32-byte SHA256 TLV.
    std::optional<mcuboot::McubootImage> image_in(std::uint32_t slot) const {
        auto parsed = mcuboot::parse_mcuboot_image(m_.flash.slot(slot));
        if (!parsed || parsed->hash.size() != 32)
            return std::nullopt;
        return std::move(*parsed);
    }

    Mode mode() const { return m_.config.mcuboot_mode; }

    // Direct-XIP / RAM load: either slot may run (img_mgmt_state.c Direct-XIP branches).
    std::optional<XipImageState> xip(std::uint32_t image) const {
        if (!boots_highest_version(mode()))
            return std::nullopt;
        return XipImageState(m_.flash, m_.boot.image(image), mode(), 2 * image);
    }

    // A slot the bootloader will use: the running one, or one set to boot next.
    bool slot_in_use(std::uint32_t slot) const {
        if (auto x = xip(slot / 2))
            return x->slot_in_use(slot % 2);
        const auto& s = m_.boot.image(slot / 2);
        if (slot % 2 == 0)
            return true;
        return s.pending != PendingSwap::none || s.revert_next();
    }

    // Swap and overwrite modes: the primary runs, the secondary's trailer says what is next.
    SlotFlags swap_flags(std::uint32_t slot) const {
        const auto& s = m_.boot.image(slot / 2);
        const bool active = slot % 2 == 0;
        return {.active = active,
                .pending = !active && s.pending != PendingSwap::none,
                .confirmed = active ? !s.revert_next() : s.revert_next(),
                .permanent = !active && s.pending == PendingSwap::permanent};
    }

    std::optional<SlotFlags> flags(std::uint32_t slot) const {
        if (auto x = xip(slot / 2))
            return x->flags(slot % 2);
        // Firmware loader (the firmware-loader img_mgmt_state variant): only the
        // application's slot is reported, active, with no pending/confirmed concept.
        if (mode() == Mode::firmware_loader) {
            if (slot % 2 != 0)
                return std::nullopt;
            return SlotFlags{.active = true};
        }
        return swap_flags(slot);
    }

    cbor::Value state_list() const {
        auto images = cbor::Value::array();
        for (std::uint32_t slot = 0; slot < m_.flash.slot_count(); ++slot) {
            auto info = image_in(slot);
            auto f = flags(slot);
            if (!info || !f)
                continue;
            cbor::Value entry = cbor::Value::object();
            if (multi_image())
                entry["image"] = slot / 2;
            entry["slot"] = slot % 2;
            entry["version"] = info->version_string();
            entry["hash"] = cbor::bytes(info->hash);
            entry["bootable"] = (info->header.flags & mcuboot::flag_non_bootable) == 0;
            entry["pending"] = f->pending;
            entry["confirmed"] = f->confirmed;
            entry["active"] = f->active;
            entry["permanent"] = f->permanent;
            images.push_back(std::move(entry));
        }
        return cbor::Value{{"images", std::move(images)}, {"splitStatus", 0}};
    }

    Outcome state_write(const Request& r) {
        auto req = decode_request<image::StateWrite>(r.payload);
        if (!req)
            return Outcome::error(Rc::invalid_value);
        const bool confirm = req->confirm.value_or(false);
        const std::optional<Bytes>& hash = req->hash;
        if (!hash) {
            if (!confirm)
                return Outcome::group_error(E::invalid_hash);
            if (auto x = xip(0))  // the running slot of the running image
                return finish_state_write(
                    x->set_next_boot_slot(m_.boot.image(0).active_slot, true));
            m_.boot.image(0).primary_confirmed = true;  // confirm the running image
            m_.flush();
            return Outcome::ok(state_list());
        }
        if (hash->size() != 32)
            return Outcome::group_error(E::invalid_hash);
        std::optional<std::uint32_t> found;
        for (std::uint32_t slot = 0; slot < m_.flash.slot_count() && !found; ++slot) {
            auto info = image_in(slot);
            if (info && info->hash == *hash)
                found = slot;
        }
        if (!found)
            return Outcome::group_error(E::hash_not_found);
        if (auto x = xip(*found / 2))
            return finish_state_write(x->set_next_boot_slot(*found % 2, confirm));
        auto& s = m_.boot.image(*found / 2);
        if (*found % 2 == 0) {
            if (!confirm)
                return Outcome::group_error(E::image_setting_test_to_active_denied);
            s.primary_confirmed = true;
        } else {
            const auto wanted = confirm ? PendingSwap::permanent : PendingSwap::test;
            if (s.pending != PendingSwap::none && s.pending != wanted)
                return Outcome::group_error(E::image_already_pending);
            s.pending = wanted;
        }
        m_.flush();
        return Outcome::ok(state_list());
    }

    Outcome finish_state_write(ImageError rc) {
        if (rc != ImageError::ok)
            return Outcome::group_error(rc);
        m_.flush();
        return Outcome::ok(state_list());
    }

    // A request that does not decode is refused before the upload state is looked at
    // (img_mgmt_upload returns MGMT_ERR_EINVAL before taking its lock), so it does not end
    // the upload in progress; every later error does.
    Outcome upload(const Request& r) {
        auto map = payload_map(r.payload);
        if (!map)
            return Outcome::error(Rc::invalid_value);
        const bool has_off = map->contains("off");
        if (!map->contains("data"))
            (*map)["data"] = cbor::bytes({});
        if (!has_off)
            (*map)["off"] = 0;  // placeholder so the rest decodes; refused below
        auto req = decode_payload<image::Upload>(cbor::encode(*map));
        if (!req)
            return Outcome::error(Rc::invalid_value);
        if (!has_off)
            return failing(Outcome::group_error(E::invalid_offset).with_reason(header_malformed));
        return failing(write_chunk(*req, r));
    }

    Outcome write_chunk(const image::Upload& req, const Request& r) {
        if (req.off == 0) {
            auto first = start_upload(req);
            if (first)
                return std::move(*first);
            r.effects->busy += flash_time(m_.config.flash_erase_per_kb, upload_.size);
        } else if (upload_.slot < 0 || req.off != upload_.off) {
            // Wrong, duplicate or out-of-order offset: data dropped, expected offset returned.
            return Outcome::ok(cbor::Value{{"off", upload_.slot < 0 ? 0 : upload_.off}});
        }
        if (req.off + req.data.size() > upload_.size)
            return Outcome::group_error(E::invalid_image_data_overrun);
        if (!m_.flash.write(static_cast<std::uint32_t>(upload_.slot), upload_.off, req.data))
            return Outcome::group_error(E::flash_write_failed);
        r.effects->busy += flash_time(m_.config.flash_write_per_kb, req.data.size());
        const auto before = upload_.off;
        upload_.off += req.data.size();
        if (m_.config.reset_at_upload_offset && !m_.upload_reset_fired &&
            before < *m_.config.reset_at_upload_offset &&
            upload_.off >= *m_.config.reset_at_upload_offset) {
            m_.upload_reset_fired = true;
            r.effects->reset = true;  // fault injection: power loss mid-transfer
        }
        cbor::Value body{{"off", upload_.off}};
        if (upload_.off == upload_.size) {
            if (m_.config.image_check && !upload_.sha.empty())
                body["match"] = written_sha() == upload_.sha;
            upload_ = {};
            m_.flush();
        }
        return Outcome::ok(std::move(body));
    }

    Bytes written_sha() const {
        const auto& slot = m_.flash.slot(static_cast<std::uint32_t>(upload_.slot));
        const auto digest = mcuboot::sha256(ByteView(slot).first(upload_.size));
        return Bytes(digest.begin(), digest.end());
    }

    // The off == 0 checks of img_mgmt_upload / img_mgmt_upload_inspect; an Outcome ends the
    // request early, nullopt continues with writing the chunk.
    std::optional<Outcome> start_upload(const image::Upload& req) {
        if (req.data.size() < mcuboot::image_header_size)
            return Outcome::group_error(E::invalid_image_header).with_reason(header_malformed);
        if (!req.len)
            return Outcome::group_error(E::invalid_length).with_reason(header_malformed);
        if (!has_image_magic(req.data))
            return Outcome::group_error(E::invalid_image_header_magic)
                .with_reason("magic mismatch");
        const Bytes sha = req.sha.value_or(Bytes{});
        if (sha.size() > 32)
            return Outcome::group_error(E::invalid_hash);
        if (!sha.empty() && upload_.slot >= 0 && sha == upload_.sha)
            return Outcome::ok(cbor::Value{{"off", upload_.off}});  // resume
        const std::uint32_t image = req.image.value_or(0);
        const auto target = upload_slot(image);
        if (!target)
            return Outcome::group_error(E::no_free_slot);
        const std::uint32_t slot = *target;
        if (*req.len > m_.flash.slot_size())
            return Outcome::group_error(E::invalid_image_too_large);
        if (req.upgrade.value_or(false) && !newer_than_running(req.data, image))
            return Outcome::group_error(E::current_version_is_newer);
        upload_ = UploadState{static_cast<int>(slot), 0, *req.len, sha};
        if (m_.config.image_check && sha.size() == 32 && written_sha() == sha) {
            upload_ = {};
            return Outcome::ok(cbor::Value{{"off", *req.len}, {"match", true}});
        }
        erase_slot(slot);
        return std::nullopt;
    }

    // img_mgmt_get_unused_slot_area_id: the slot an upload for `image` writes, if any.
    std::optional<std::uint32_t> upload_slot(std::uint32_t image) const {
        if (image >= m_.config.image_count)
            return std::nullopt;
        if (auto x = xip(image)) {
            auto slot = x->upload_slot();
            return slot ? std::optional<std::uint32_t>(2 * image + *slot) : std::nullopt;
        }
        // Firmware loader: slot 1 holds the loader; the application cannot write either slot.
        if (mode() == Mode::firmware_loader || slot_in_use(2 * image + 1))
            return std::nullopt;
        return 2 * image + 1;
    }

    void erase_slot(std::uint32_t slot) {
        m_.flash.erase(slot, 0, m_.flash.slot_size());
        m_.boot.slot_erased(slot);
    }

    // The slot that runs: the primary, except in Direct-XIP / RAM load.
    std::uint32_t running_slot(std::uint32_t image) const {
        const bool either = boots_highest_version(mode());
        return 2 * image + (either ? m_.boot.image(image).active_slot : 0);
    }

    // img_mgmt_upload's "upgrade" check (img_mgmt_vercmp): the build number is left out, as
    // without CONFIG_MCUMGR_GRP_IMG_VERSION_CMP_USE_BUILD_NUMBER.
    bool newer_than_running(const Bytes& first_chunk, std::uint32_t image) const {
        auto running = image_in(running_slot(image));
        if (!running)
            return true;
        auto incoming = mcuboot::parse_image_header(first_chunk);
        return incoming && mcuboot::boot_order(incoming->version, running->header.version) > 0;
    }

    Outcome erase(const Request& r) {
        auto req = decode_request<image::Erase>(r.payload);
        if (!req)
            return Outcome::error(Rc::invalid_value);
        // img_mgmt_get_other_slot: by default the slot opposite the running one.
        const std::uint32_t slot = req->slot.value_or(running_slot(0) ^ 1u);
        if (slot >= m_.flash.slot_count())
            return Outcome::group_error(E::invalid_slot);
        if (image_in(slot) && slot_in_use(slot))
            return Outcome::group_error(E::no_free_slot);
        upload_ = {};
        if (!m_.flash.is_erased(slot)) {
            erase_slot(slot);
            r.effects->busy += flash_time(m_.config.flash_erase_per_kb, m_.flash.slot_size());
            m_.flush();
        }
        return Outcome::ok();
    }

    Outcome slot_info(const Request&) const {
        image::SlotInfoResponse rsp;
        for (std::uint32_t image = 0; image < m_.config.image_count; ++image) {
            image::SlotInfoImage entry{.image = image};
            // The secondary slot says which image an upload there is for (img_mgmt.c
            // img_mgmt_slot_info: "upload_image_id" on the slot uploads go to).
            for (std::uint32_t s = 0; s < 2; ++s)
                entry.slots.push_back(image::SlotInfoSlot{
                    .slot = s,
                    .size = m_.flash.slot_size(),
                    .upload_image_id =
                        s == 1 ? std::optional<std::uint32_t>(image) : std::nullopt});
            rsp.images.push_back(std::move(entry));
        }
        return reply(rsp);
    }

    Models& m_;
    UploadState upload_{};
};

}  // namespace

std::unique_ptr<GroupHandler> make_image_group(Models& models) {
    return std::make_unique<ImageGroup>(models);
}

}  // namespace smp::server
