// SPDX-License-Identifier: Apache-2.0
#pragma once
// Zephyr's single net_buf pool shared by SMP requests and responses of every transport
// (transport/src/smp.c; shared/protocol.md §5.6): allocation never waits, it fails.
#include <cstddef>

namespace smp::server {

/// Counts the SMP buffers of the device (their memory is not allocated here). Thread safety: none.
class BufferPool {
  public:
    /// `count` buffers of `size` bytes each, all free.
    BufferPool(std::size_t count, std::size_t size) : count_(count), size_(size) {}

    /// Takes one buffer; false when none is free (the caller drops the packet).
    bool try_allocate() noexcept {
        if (in_use_ >= count_)
            return false;
        ++in_use_;
        return true;
    }
    /// Returns one buffer (ignored when none is in use).
    void release() noexcept {
        if (in_use_ > 0)
            --in_use_;
    }
    /// Frees every buffer (at reset).
    void release_all() noexcept { in_use_ = 0; }

    /// Number of buffers (CONFIG_MCUMGR_TRANSPORT_NETBUF_COUNT).
    std::size_t count() const noexcept { return count_; }
    /// Size of each buffer in bytes (CONFIG_MCUMGR_TRANSPORT_NETBUF_SIZE).
    std::size_t size() const noexcept { return size_; }
    /// Buffers taken and not yet released.
    std::size_t in_use() const noexcept { return in_use_; }
    /// Buffers free now.
    std::size_t available() const noexcept { return count_ - in_use_; }

  private:
    std::size_t count_;
    std::size_t size_;
    std::size_t in_use_ = 0;
};

}  // namespace smp::server
