// SPDX-License-Identifier: Apache-2.0
#pragma once
// Zephyr's single net_buf pool shared by SMP requests and responses of every transport
// (transport/src/smp.c; shared/protocol.md §5.6): allocation never waits, it fails.
#include <cstddef>

namespace smp::server {

class BufferPool {
  public:
    BufferPool(std::size_t count, std::size_t size) : count_(count), size_(size) {}

    /// Takes one buffer; false when none is free (the caller drops the packet).
    bool try_allocate() noexcept {
        if (in_use_ >= count_)
            return false;
        ++in_use_;
        return true;
    }
    void release() noexcept {
        if (in_use_ > 0)
            --in_use_;
    }
    void release_all() noexcept { in_use_ = 0; }

    std::size_t count() const noexcept { return count_; }
    std::size_t size() const noexcept { return size_; }
    std::size_t in_use() const noexcept { return in_use_; }
    std::size_t available() const noexcept { return count_ - in_use_; }

  private:
    std::size_t count_;
    std::size_t size_;
    std::size_t in_use_ = 0;
};

}  // namespace smp::server
