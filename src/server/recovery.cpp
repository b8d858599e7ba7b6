// SPDX-License-Identifier: Apache-2.0
// The MCUboot serial-recovery personality: boot/boot_serial/src/boot_serial.c as described in
// shared/protocol.md §7. MCUboot does not share Zephyr's SMP layer: one message per packet,
// the header's Ver bits echoed, every error (and most successes) as v1 {"rc": n}, no group
// errors, upload straight into the primary slot without resume and without "match".
#include <smp/mcuboot/mcuboot_image.hpp>

#include <smp/protocol/messages/image.hpp>
#include <smp/protocol/messages/os.hpp>
#include <smp/protocol/messages/zephyr_basic.hpp>

#include "server/models.hpp"

#include <array>
#include <optional>

namespace smp::server {
namespace {

// boot_serial_priv.h MGMT_ERR_* subset.
constexpr std::int64_t rc_ok = 0;
constexpr std::int64_t rc_einval = 3;
constexpr std::int64_t rc_enoent = 5;
constexpr std::int64_t rc_enotsup = 8;

// Zephyr port: the 250 ms delay before the cold reboot (boot_serial.c bs_reset).
constexpr Duration reset_delay = std::chrono::milliseconds(250);

cbor::Value rc_map(std::int64_t rc) {
    return cbor::Value{{"rc", rc}};
}

class Recovery {
  public:
    explicit Recovery(Models& m) : m_(m) {}

    cbor::Value handle(const Header& h, const cbor::Value& req, Effects& effects) {
        for (const auto& row : commands)
            if (to_underlying(row.group) == h.group && row.command == h.command &&
                (!row.op || *row.op == h.op))
                return (this->*row.answer)(req, effects);
        return rc_map(rc_enotsup);
    }

    void on_reset() { upload_ = {}; }

  private:
    struct Upload {
        bool active = false;
        std::uint32_t slot = 0;
        std::uint64_t off = 0;
        std::uint64_t size = 0;
    };

    // Only slots whose image passes full validation are listed (bootutil_img_validate).
    std::optional<mcuboot::McubootImage> valid_image(std::uint32_t slot) const {
        auto parsed = mcuboot::parse_mcuboot_image(m_.flash.slot(slot));
        if (!parsed)
            return std::nullopt;
        return std::move(*parsed);
    }

    // bs_list: flags only with the image-state option, and then only when true; no
    // splitStatus.
    cbor::Value image_list() const {
        auto images = cbor::Value::array();
        for (std::uint32_t slot = 0; slot < m_.flash.slot_count(); ++slot) {
            auto img = valid_image(slot);
            if (!img)
                continue;
            const auto& s = m_.boot.image(slot / 2);
            const bool primary = slot % 2 == 0;
            cbor::Value entry = cbor::Value::object();
            if (m_.config.image_count > 1)
                entry["image"] = slot / 2;
            auto flag = [&](const char* key, bool on) {
                if (on && m_.config.recovery_image_state)
                    entry[key] = true;
            };
            flag("bootable", (img->header.flags & mcuboot::flag_non_bootable) == 0);
            flag("confirmed", primary ? s.primary_confirmed : s.pending == PendingSwap::permanent);
            flag("active", primary);
            flag("pending", !primary && s.pending != PendingSwap::none);
            flag("permanent", !primary && s.pending == PendingSwap::permanent);
            entry["slot"] = slot % 2;
            entry["hash"] = cbor::bytes(img->hash);
            entry["version"] = img->version_string();
            images.push_back(std::move(entry));
        }
        return cbor::Value{{"images", std::move(images)}};
    }

    cbor::Value state_write(const cbor::Value& req) {
        auto hash = req.find("hash");
        auto confirm = req.find("confirm");
        if ((confirm != req.end() && !confirm->is_boolean()) ||
            (hash != req.end() && !hash->is_binary()))
            return rc_map(rc_einval);
        if (hash == req.end()) {
            if (m_.config.image_count > 1)
                return rc_map(rc_einval);
            m_.boot.image(0).primary_confirmed = true;
            return image_list();
        }
        if (hash->get_binary().size() != 32)
            return rc_map(rc_einval);
        const Bytes wanted(hash->get_binary().begin(), hash->get_binary().end());
        for (std::uint32_t slot = 0; slot < m_.flash.slot_count(); ++slot) {
            auto img = valid_image(slot);
            if (!img || img->hash != wanted)
                continue;
            auto& s = m_.boot.image(slot / 2);
            const bool permanent = confirm != req.end() && confirm->get<bool>();
            if (slot % 2 == 0)
                s.primary_confirmed = true;
            else
                s.pending = permanent ? PendingSwap::permanent : PendingSwap::test;
            m_.flush();
            return image_list();
        }
        return rc_map(rc_enoent);
    }

    cbor::Value slot_info() const {
        auto images = cbor::Value::array();
        for (std::uint32_t image = 0; image < m_.config.image_count; ++image) {
            auto slots = cbor::Value::array();
            for (std::uint32_t s = 0; s < 2; ++s) {
                cbor::Value slot{{"slot", s}, {"size", m_.flash.slot_size()}};
                if (s == 1)
                    slot["upload_image_id"] = image;
                slots.push_back(std::move(slot));
            }
            images.push_back(cbor::Value{{"image", image}, {"slots", std::move(slots)}});
        }
        return cbor::Value{{"images", std::move(images)}};
    }

    static std::optional<std::uint64_t> uint_field(const cbor::Value& req, const char* key) {
        auto it = req.find(key);
        if (it == req.end() || !it->is_number_unsigned())
            return std::nullopt;
        return it->get<std::uint64_t>();
    }

    // bs_upload: off 0 always (re)starts; the whole primary slot is erased first.
    cbor::Value upload(const cbor::Value& req, Effects& effects) {
        const auto off = uint_field(req, "off");
        auto data_it = req.find("data");
        if (!off || data_it == req.end() || !data_it->is_binary())
            return rc_map(rc_einval);
        const auto& data = data_it->get_binary();
        if (*off == 0) {
            const auto len = uint_field(req, "len");
            const auto image = uint_field(req, "image").value_or(0);
            if (!len || *len > m_.flash.slot_size() || image >= m_.config.image_count)
                return rc_map(rc_einval);
            upload_ = Upload{true, static_cast<std::uint32_t>(2 * image), 0, *len};
            m_.flash.erase(upload_.slot, 0, m_.flash.slot_size());
            effects.busy += Duration(m_.config.flash_erase_per_kb.count() *
                                     static_cast<std::int64_t>(m_.flash.slot_size()) / 1024);
        }
        if (!upload_.active || *off != upload_.off)
            return cbor::Value{{"rc", rc_ok}, {"off", upload_.active ? upload_.off : 0}};
        if (*off + data.size() > upload_.size)
            return rc_map(rc_einval);
        // Non-final chunks are cut to the flash write alignment; the client resends the rest.
        std::size_t take = data.size();
        const bool last = *off + data.size() == upload_.size;
        if (!last)
            take -= take % m_.config.flash_write_align;
        if (!m_.flash.write(upload_.slot, *off, ByteView(data.data(), take)))
            return rc_map(rc_einval);
        effects.busy +=
            Duration(m_.config.flash_write_per_kb.count() * static_cast<std::int64_t>(take) / 1024);
        upload_.off += take;
        const auto reached = upload_.off;
        if (last) {
            // The primary now holds the new image; MCUboot boots it as is.
            m_.boot.image(upload_.slot / 2).primary_replaced();
            upload_ = {};
            m_.flush();
        }
        if (m_.config.reset_at_upload_offset && !m_.upload_reset_fired &&
            *off < *m_.config.reset_at_upload_offset &&
            reached >= *m_.config.reset_at_upload_offset) {
            m_.upload_reset_fired = true;  // once per process, like a single power cut
            effects.reset = true;
        }
        return cbor::Value{{"rc", rc_ok}, {"off", reached}};
    }

    // The commands boot_serial_input dispatches, one row each: group and command from the
    // typed request, and the op when MCUboot looks at it (most handlers answer either op).
    using Answer = cbor::Value (Recovery::*)(const cbor::Value&, Effects&);
    struct Command {
        Group group;
        std::uint8_t command;
        std::optional<Op> op;  // nullopt: a read or a write
        Answer answer;
    };
    template <RequestMessage M>
    static constexpr Command row(std::optional<Op> op, Answer answer) {
        return Command{M::group, M::command, op, answer};
    }
    static constexpr std::optional<Op> either_op{};
    static const std::array<Command, 9> commands;

    // MCUBOOT_BOOT_MGMT_ECHO
    cbor::Value echo(const cbor::Value& req, Effects&) {
        if (!m_.config.recovery_echo)
            return rc_map(rc_enotsup);
        if (auto d = req.find("d"); d != req.end() && d->is_string())
            return cbor::Value{{"r", *d}};
        return rc_map(rc_einval);
    }

    // Console echo control: accepted, nothing to do.
    cbor::Value accept(const cbor::Value&, Effects&) { return rc_map(rc_ok); }

    // bs_reset: the payload is ignored ("force" is not parsed).
    cbor::Value reset(const cbor::Value&, Effects& effects) {
        effects.reset = true;
        effects.reset_delay = reset_delay;
        return rc_map(rc_ok);
    }

    // MCUBOOT_BOOT_MGMT_MCUMGR_PARAMS: one buffer, always.
    cbor::Value params(const cbor::Value&, Effects&) {
        if (!m_.config.recovery_params)
            return rc_map(rc_enotsup);
        return cbor::Value{{"buf_size", m_.buf_size()}, {"buf_count", 1}};
    }

    cbor::Value list(const cbor::Value&, Effects&) { return image_list(); }

    cbor::Value set_state(const cbor::Value& req, Effects&) {
        return m_.config.recovery_image_state ? state_write(req) : rc_map(rc_enotsup);
    }

    // MCUBOOT_SERIAL_IMG_GRP_SLOT_INFO defaults to y only with more than one image
    // (Kconfig.serial_recovery); the real single-image fixtures answer rc 8.
    cbor::Value slots(const cbor::Value&, Effects&) {
        return m_.config.image_count > 1 ? slot_info() : rc_map(rc_enotsup);
    }

    // The Zephyr port's storage erase.
    cbor::Value erase_storage(const cbor::Value&, Effects&) {
        std::error_code ec;
        if (!m_.config.state_dir.empty())
            std::filesystem::remove(m_.config.state_dir / "settings.cbor", ec);
        return rc_map(rc_ok);
    }

    Models& m_;
    Upload upload_{};
};

// boot_serial_input hands every upload to bs_upload, a read as well.
const std::array<Recovery::Command, 9> Recovery::commands = {
    row<os::Echo>(either_op, &Recovery::echo),
    row<os::ConsoleEcho>(either_op, &Recovery::accept),
    row<os::Reset>(either_op, &Recovery::reset),
    row<os::McumgrParams>(either_op, &Recovery::params),
    row<image::StateRead>(Op::read, &Recovery::list),
    row<image::StateWrite>(Op::write, &Recovery::set_state),
    row<image::Upload>(either_op, &Recovery::upload),
    row<image::SlotInfo>(Op::read, &Recovery::slots),
    row<zephyr_basic::EraseStorage>(Op::write, &Recovery::erase_storage),
};

}  // namespace

struct RecoveryState {
    explicit RecoveryState(Models& m) : recovery(m) {}
    Recovery recovery;
};

std::vector<Bytes> dispatch_recovery_packet(Models& models, ByteView packet, Effects& effects) {
    if (!models.recovery)
        models.recovery = std::make_shared<RecoveryState>(models);
    auto header = decode_header(packet);
    const std::size_t received = packet.size() >= header_size ? packet.size() - header_size : 0;
    // boot_serial_input: only read/write requests whose length covers what was received.
    if (!header || (header->op != Op::read && header->op != Op::write) || header->length < received)
        return {};
    ++models.requests;
    auto req = cbor::decode(packet.subspan(header_size));
    cbor::Value body = req && req->is_object()
                           ? models.recovery->recovery.handle(*header, *req, effects)
                           : rc_map(rc_einval);
    Header rsp = *header;  // Ver bits echoed unchanged
    rsp.op = response_op(header->op);
    rsp.flags = 0;
    return {encode_message(rsp, cbor::encode_indefinite(body))};
}

void reset_recovery(Models& models) {
    if (models.recovery)
        models.recovery->recovery.on_reset();
}

}  // namespace smp::server
