// SPDX-License-Identifier: Apache-2.0
#pragma once
// Test support: Zephyr's image-upload offset rules (img_mgmt.c, shared/protocol.md §6) on
// top of the protocol core, standing in for smp::server/smpsim in client tests.
#include <smp/mcuboot/sha256.hpp>
#include <smp/protocol/error.hpp>
#include <smp/protocol/messages/image.hpp>
#include <smp/protocol/result.hpp>

#include <optional>

namespace smp::test {

inline Bytes sha256(ByteView data) {
    return mcuboot::digest(mcuboot::HashAlgorithm::sha256, data);
}

inline Bytes test_image(std::size_t size, std::uint8_t seed = 1) {
    Bytes image(size);
    for (std::size_t i = 0; i < size; ++i)
        image[i] = static_cast<std::uint8_t>(seed + i * 7 + i / 251);
    return image;
}

class ZephyrUploadModel {
  public:
    bool image_check = true;                     ///< CONFIG_IMG_ENABLE_IMAGE_CHECK
    std::optional<std::uint16_t> refuse_with{};  ///< answer every chunk with this image error
    Bytes slot{};                                ///< what was written
    std::uint64_t completed = 0;                 ///< uploads that reached `len`
    std::uint64_t writes = 0;                    ///< chunks written

    /// The device reboots or another client intervenes: the upload is forgotten.
    void forget() { active_ = false; }
    bool active() const { return active_; }
    std::uint64_t offset() const { return active_ ? off_ : 0; }

    Result<image::UploadResponse> handle(const image::Upload& req) {
        if (refuse_with)
            return reset_with(*refuse_with);
        if (req.off == 0)
            return first_chunk(req);
        const std::uint64_t expected = active_ ? off_ : 0;
        if (req.off != expected)
            return image::UploadResponse{.off = expected};
        if (req.off + req.data.size() > len_)
            return reset_with(static_cast<std::uint16_t>(ImageError::invalid_image_data_overrun));
        return write(req);
    }

  private:
    Error reset_with(std::uint16_t rc) {
        active_ = false;
        return Error{make_group_error_code(1, rc), {}, DeviceError{std::uint16_t{1}, rc, {}}};
    }

    Result<image::UploadResponse> first_chunk(const image::Upload& req) {
        if (!req.len)
            return reset_with(static_cast<std::uint16_t>(ImageError::invalid_length));
        if (req.data.size() < 32 && req.data.size() < *req.len)
            return reset_with(static_cast<std::uint16_t>(ImageError::invalid_image_header));
        if (req.sha && active_ && *req.sha == sha_)
            return image::UploadResponse{.off = off_};  // resume
        len_ = *req.len;
        sha_ = req.sha.value_or(Bytes{});
        off_ = 0;
        active_ = true;
        if (image_check && sha_.size() == 32 && slot.size() == len_ && sha256(slot) == sha_) {
            active_ = false;
            return image::UploadResponse{.off = len_, .match = true};
        }
        slot.assign(len_, 0xff);
        return write(req);
    }

    Result<image::UploadResponse> write(const image::Upload& req) {
        std::copy(req.data.begin(), req.data.end(), slot.begin() + static_cast<long>(req.off));
        off_ = req.off + req.data.size();
        ++writes;
        image::UploadResponse response{.off = off_};
        if (off_ == len_) {
            active_ = false;
            ++completed;
            if (image_check && sha_.size() == 32)
                response.match = sha256(slot) == sha_;
        }
        return response;
    }

    bool active_ = false;
    std::uint64_t off_ = 0;
    std::uint64_t len_ = 0;
    Bytes sha_{};
};

}  // namespace smp::test
