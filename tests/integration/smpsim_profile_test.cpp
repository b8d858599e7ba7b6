// SPDX-License-Identifier: Apache-2.0
// smpsim --profile: a real fixture build's settings, with the options given beside it winning,
// and the factory image a real device always runs.
#include "smpsim_process.hpp"
#include "support/temp_dir.hpp"
#include "udp_client.hpp"

#include <smp/protocol/messages/enumeration.hpp>
#include <smp/protocol/messages/image.hpp>
#include <smp/protocol/messages/os.hpp>

namespace {

using namespace smp_it;

template <class M>
smp::Result<typename M::Response> ask(UdpClient& client, const M& request, std::uint8_t seq) {
    client.send(smp::encode_request(request, seq));
    auto reply = client.receive();
    if (!reply)
        return smp::Error(smp::make_error_code(smp::Errc::timeout), "no answer from smpsim");
    return smp::decode_response<typename M::Response>(smp::decode_message(*reply)->payload);
}

TEST(SmpsimProfile, SetsTheBuildsGroupsAndBuffersAndGivenOptionsOverrideIt) {
    SmpsimProcess sim({"--profile", "udp", "--udp", "127.0.0.1:0", "--buf-count", "3"}, 1);
    UdpClient client(sim.ready[0]["address"].get<std::string>());
    const auto params = ask(client, smp::os::McumgrParams{}, 1);
    ASSERT_TRUE(params) << params.error().message();
    EXPECT_EQ(params->buf_size, 2048u);  // the profile's
    EXPECT_EQ(params->buf_count, 3u);    // the option's
    const auto groups = ask(client, smp::enumeration::List{}, 2);
    ASSERT_TRUE(groups) << groups.error().message();
    // The udp build: every group but img, in Zephyr's registration order.
    EXPECT_EQ(groups->groups, (std::vector<std::uint16_t>{10, 8, 0, 3, 9, 2, 63}));
    const auto info = ask(client, smp::os::Info{.format = "v"}, 3);
    ASSERT_TRUE(info) << info.error().message();
    EXPECT_EQ(info->output, "4.4.0");
    EXPECT_EQ(sim.stop(), 0);
}

TEST(SmpsimProfile, AFreshDeviceRunsAConfirmedFactoryImageUnlessToldOtherwise) {
    smp::test::TempDir state("smpsim-profile-");
    SmpsimProcess sim({"--profile", "serial_recovery_buf512", "--udp", "127.0.0.1:0", "--state-dir",
                       state.path.string()},
                      1);
    UdpClient client(sim.ready[0]["address"].get<std::string>());
    const auto list = ask(client, smp::image::StateRead{}, 1);
    ASSERT_TRUE(list) << list.error().message();
    ASSERT_EQ(list->images.size(), 1u);
    EXPECT_EQ(list->images[0].slot, 0u);
    EXPECT_EQ(list->images[0].version, "1.0.0");
    EXPECT_TRUE(list->images[0].active && list->images[0].confirmed);
    EXPECT_EQ(sim.stop(), 0);

    smp::test::TempDir empty("smpsim-profile-");
    SmpsimProcess bare({"--profile", "serial_recovery_buf512", "--udp", "127.0.0.1:0",
                        "--no-factory-image", "--state-dir", empty.path.string()},
                       1);
    UdpClient bare_client(bare.ready[0]["address"].get<std::string>());
    const auto none = ask(bare_client, smp::image::StateRead{}, 1);
    ASSERT_TRUE(none) << none.error().message();
    EXPECT_TRUE(none->images.empty());
}

}  // namespace
