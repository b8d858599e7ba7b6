// SPDX-License-Identifier: Apache-2.0
// The datagram-queue BIO (see dtls_bio.hpp).
#include "transport/dtls_bio.hpp"

#include <algorithm>
#include <cstring>

namespace smp::detail {
namespace {

DatagramQueues& queues_of(BIO* bio) {
    return *static_cast<DatagramQueues*>(BIO_get_data(bio));
}

int write_datagram(BIO* bio, const char* data, int size) {
    BIO_clear_retry_flags(bio);
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(data);
    queues_of(bio).out.emplace_back(bytes, bytes + size);
    return size;
}

// One datagram per read; an empty queue is "try again" (the transport waits on its socket).
int read_datagram(BIO* bio, char* data, int size) {
    BIO_clear_retry_flags(bio);
    auto& in = queues_of(bio).in;
    if (in.empty()) {
        BIO_set_retry_read(bio);
        return -1;
    }
    const auto n = std::min(in.front().size(), static_cast<std::size_t>(size));
    std::memcpy(data, in.front().data(), n);
    in.pop_front();
    return static_cast<int>(n);
}

// OpenSSL asks a datagram BIO about the path MTU and timers; the transport sets the MTU itself
// (SSL_OP_NO_QUERY_MTU) and runs the timers, so only flush and the pending counts matter.
long control(BIO* bio, int command, long, void*) {
    switch (command) {
        case BIO_CTRL_FLUSH:
            return 1;
        case BIO_CTRL_PENDING:
            return queues_of(bio).in.empty() ? 0
                                             : static_cast<long>(queues_of(bio).in.front().size());
        case BIO_CTRL_WPENDING:
            return 0;
        default:
            return 0;
    }
}

int create(BIO* bio) {
    BIO_set_init(bio, 1);
    return 1;
}

BIO_METHOD* method() {
    static BIO_METHOD* const m = [] {
        BIO_METHOD* made =
            BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "smp datagram queue");
        BIO_meth_set_write(made, write_datagram);
        BIO_meth_set_read(made, read_datagram);
        BIO_meth_set_ctrl(made, control);
        BIO_meth_set_create(made, create);
        return made;
    }();
    return m;
}

}  // namespace

BIO* make_datagram_bio(DatagramQueues& queues) {
    BIO* bio = BIO_new(method());
    if (bio != nullptr)
        BIO_set_data(bio, &queues);
    return bio;
}

}  // namespace smp::detail
