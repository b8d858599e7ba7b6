// SPDX-License-Identifier: Apache-2.0
#pragma once
// The "every operation" suite: each typed operation of the public API against a real
// smp::server-backed device (smpsim, or the fake BlueZ), over any transport. A test file
// instantiates it with its links:
//
//     INSTANTIATE_TEST_SUITE_P(Udp, ClientOperations, ::testing::Values(udp_v4_link()),
//                              smp_it::link_name);
//
// The tests themselves live in operations_suite.cpp, which each test binary compiles once.
#include "client_runner.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace smp_it {

/// What a link's device is started with. The state directory also holds the file system
/// (smpsim and fake BlueZ use `state_dir`/fs with a /lfs1 directory, like smp_svr).
struct DeviceSetup {
    std::filesystem::path state_dir{};
    std::size_t buf_size = 1024;
    std::size_t buf_count = 4;
};

/// A running device and how to reach it; `keepalive` owns the device's process(es).
struct LinkDevice {
    std::shared_ptr<void> keepalive{};
    ClientRunner::Factory factory{};
};

/// Thrown by Link::start when this machine cannot offer the link (e.g. no ::1): the test
/// is skipped, not failed.
struct LinkUnavailable : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Link {
    std::string name{};  ///< gtest parameter name: letters and digits only
    std::function<LinkDevice(const DeviceSetup&)> start{};
    smp::ClientOptions options = ClientRunner::quiet();
    std::optional<std::chrono::milliseconds> drain_limit{};  ///< see ClientRunner
};

inline std::string link_name(const ::testing::TestParamInfo<Link>& info) {
    return info.param.name;
}

/// gtest prints parameters in failure messages and --gtest_list_tests: the link's name.
inline void PrintTo(const Link& link, std::ostream* out) {
    *out << link.name;
}

/// One device per test, a connected client to it, and the state directory removed after.
class ClientOperations : public ::testing::TestWithParam<Link> {
  protected:
    void SetUp() override;
    void TearDown() override;

    /// A new client to the same device, connected (retried while the device reboots).
    void reconnect();

    template <class M>
    smp::Result<typename M::Response> call(const M& message) {
        return client_->run(client_->client.request(message));
    }

    smp::Result<smp::UploadResult> upload(const smp::Bytes& image);

    DeviceSetup setup_{};
    LinkDevice device_{};
    std::unique_ptr<ClientRunner> client_{};
};

/// The device refused with exactly `code` (a device error, not a transport failure).
template <class T>
void expect_device_error(const smp::Result<T>& r, std::error_code code) {
    ASSERT_FALSE(r) << "expected the device to refuse with " << code.message();
    EXPECT_TRUE(r.error().device.has_value()) << r.error().message();
    EXPECT_EQ(r.error().code, code) << r.error().message();
}

}  // namespace smp_it
