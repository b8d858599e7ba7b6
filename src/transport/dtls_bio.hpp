// SPDX-License-Identifier: Apache-2.0
#pragma once
// An OpenSSL BIO over two datagram queues: OpenSSL reads whole datagrams the transport put in
// and writes each record as one datagram the transport then sends on its Asio socket. The
// socket stays Asio's (no file descriptor BIO), and one read is one datagram, which DTLS needs
// (a memory BIO would run datagrams together).
#include <smp/protocol/bytes.hpp>

#include <openssl/bio.h>

#include <deque>
#include <vector>

namespace smp::detail {

struct DatagramQueues {
    std::deque<Bytes> in{};    ///< received, for OpenSSL to read
    std::vector<Bytes> out{};  ///< written by OpenSSL, to be sent
};

/// A new BIO reading from and writing to `queues`, which must outlive it. Null on failure.
BIO* make_datagram_bio(DatagramQueues& queues);

}  // namespace smp::detail
