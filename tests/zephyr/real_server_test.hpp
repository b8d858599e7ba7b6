// SPDX-License-Identifier: Apache-2.0
#pragma once
// The base of the real-server tests: one fresh server process per test (its flash, file system
// and settings start empty), a connected BlockingClient, and helpers that report the device's
// error or the server's output when a step fails.
#include "zephyr_client.hpp"
#include "zephyr_server.hpp"

#include <smp/client/blocking_client.hpp>
#include <smp/protocol/message.hpp>
#include <smp/protocol/messages/os.hpp>

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>

namespace smp_zephyr {

class RealServerTest : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override { start(GetParam()); }

    /// Starts `config` and connects a client with `setup`.
    void start(const std::string& config, ClientSetup setup = {}) {
        server_ = std::make_unique<ZephyrServer>(fixture(config));
        setup_ = std::move(setup);
        client_ = connect_when_answering(*server_, setup_);
    }

    /// A new client to the same server (after a reset, or with another strategy).
    void reconnect(ClientSetup setup = {}) {
        client_.reset();
        setup_ = std::move(setup);
        client_ = connect_when_answering(*server_, setup_);
    }

    /// The request's typed answer; a failed request fails the test with its error.
    template <class M>
    typename M::Response ok(const M& message) {
        auto answer = client_->request(message);
        if (!answer) {
            ADD_FAILURE() << "request failed: " << answer.error().message() << "\nserver output:\n"
                          << server_->output();
            return {};
        }
        return std::move(*answer);
    }

    const FixtureSpec& spec() const { return server_->spec(); }

    std::unique_ptr<ZephyrServer> server_{};
    ClientSetup setup_{};
    std::unique_ptr<smp::BlockingClient> client_{};
};

/// `size` bytes of a pattern that differs with `seed` (files and image payloads).
inline smp::Bytes patterned_bytes(std::size_t size, unsigned seed = 13) {
    smp::Bytes data(size);
    for (std::size_t i = 0; i < size; ++i)
        data[i] = static_cast<std::uint8_t>(i * seed + i / 7);
    return data;
}

/// The SMP group ids a build really registers: the manifest's list, except that serial_raw
/// lists Zephyr basic (63), which that build (no storage partition) does not have.
inline std::set<std::uint16_t> registered_groups(const FixtureSpec& spec) {
    // Zephyr mgmt_defines.h
    static const std::map<std::string, std::uint16_t> ids = {
        {"os", 0}, {"img", 1},   {"stat", 2},  {"settings", 3},
        {"fs", 8}, {"shell", 9}, {"enum", 10}, {"zbasic", 63}};
    std::set<std::uint16_t> registered;
    for (const auto& name : spec.groups)
        if (!(spec.config == "serial_raw" && name == "zbasic"))
            registered.insert(ids.at(name));
    return registered;
}

/// An echo whose whole SMP message (8-byte header + CBOR payload) is exactly `size` bytes.
inline smp::os::Echo echo_of_size(std::size_t size) {
    constexpr std::size_t header_size = 8;
    smp::os::Echo echo;
    for (std::size_t n = size > 16 ? size - 16 : 0; n <= size; ++n) {
        echo.d.assign(n, 'M');
        if (header_size + smp::encode_payload(echo).size() == size)
            return echo;
    }
    throw std::logic_error("no echo of exactly " + std::to_string(size) + " bytes");
}

/// gtest parameter names: the fixture config as it is (letters, digits, underscores).
inline std::string config_name(const ::testing::TestParamInfo<std::string>& info) {
    return info.param;
}

}  // namespace smp_zephyr
