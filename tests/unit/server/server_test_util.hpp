// SPDX-License-Identifier: Apache-2.0
#pragma once
// Helpers for the smp::server unit tests: build requests with the protocol encoders, run
// them through a Device, decode the single response.
#include <smp/protocol/cbor.hpp>
#include <smp/protocol/header.hpp>
#include <smp/protocol/message.hpp>
#include <smp/server/device.hpp>

#include "temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace smp_test {

inline smp::Bytes raw_request(smp::Op op, std::uint16_t group, std::uint8_t command,
                              const smp::cbor::Value& map, smp::Version version = smp::Version::v2,
                              std::uint8_t seq = 7) {
    return smp::encode_message(smp::Header{op, version, 0, 0, group, seq, command},
                               smp::cbor::encode(map));
}

struct Reply {
    smp::Header header{};
    smp::cbor::Value body{};
    smp::Bytes payload{};
};

inline Reply single_reply(smp::server::Device& device, const smp::Bytes& request,
                          smp::server::Duration now = smp::server::Duration{0}) {
    auto out = device.process(request, now);
    EXPECT_EQ(out.responses.size(), 1u);
    if (out.responses.empty())
        return {};
    auto msg = smp::decode_message(out.responses[0]);
    EXPECT_TRUE(msg.has_value());
    Reply r;
    r.header = msg->header;
    r.payload = msg->payload;
    auto body = smp::cbor::decode(msg->payload);
    EXPECT_TRUE(body.has_value());
    if (body)
        r.body = *body;
    return r;
}

template <class M>
Reply call(smp::server::Device& device, const M& request, smp::Version version = smp::Version::v2,
           smp::server::Duration now = smp::server::Duration{0}) {
    return single_reply(device, smp::encode_request(request, 9, version), now);
}

}  // namespace smp_test
