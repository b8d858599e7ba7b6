// SPDX-License-Identifier: Apache-2.0
// smpsim's MCUboot serial recovery (smpsim --recovery) against the real one: the 27c54835
// mps2 recovery, encoded and raw, entered from its application with os reset boot_mode 1. The same
// requests, over the same TCP serial link, must get the same answers (header op, version bits and
// the whole body), with the fixture's own application image in smpsim's slot 0 so that even the
// image list is byte for byte the same.
#include "real_server_test.hpp"

#include "integration/factory_image.hpp"
#include "integration/smpsim_process.hpp"
#include "temp_dir.hpp"

#include <smp/mcuboot/image_file.hpp>
#include <smp/protocol/cbor.hpp>
#include <smp/transport/serial.hpp>

#include <chrono>
#include <cstdio>
#include <ostream>
#include <thread>
#include <vector>

namespace smp_zephyr {
namespace {

using smp::cbor::Value;

struct Probe {
    const char* what;
    std::uint16_t group;
    std::uint8_t command;
    smp::Op op;
    Value body;
};

// Every command recovery knows, those it does not, and bad uploads. Not the reset (it ends
// the session) and not a valid upload (the real one rewrites its slot; recovery_test.cpp).
std::vector<Probe> corpus() {
    using smp::Op;
    const Value bytes = smp::cbor::bytes(smp::Bytes(40, 0x5a));
    return {
        {"echo", 0, 0, Op::write, Value{{"d", "hello"}}},
        {"console echo control", 0, 1, Op::write, Value{{"echo", false}}},
        {"taskstat", 0, 2, Op::read, Value::object()},
        {"params", 0, 6, Op::read, Value::object()},
        {"os info", 0, 7, Op::read, Value::object()},
        {"bootloader info", 0, 8, Op::read, Value::object()},
        {"unknown os command", 0, 42, Op::read, Value::object()},
        {"image list", 1, 0, Op::read, Value::object()},
        {"image list with a payload", 1, 0, Op::read, Value{{"pad", bytes}}},
        {"image confirm", 1, 0, Op::write, Value{{"confirm", true}}},
        {"image erase", 1, 5, Op::write, Value::object()},
        {"slot info", 1, 6, Op::read, Value::object()},
        {"upload without len at offset 0", 1, 1, Op::write, Value{{"off", 0}, {"data", bytes}}},
        {"upload at an offset with none in progress", 1, 1, Op::write,
         Value{{"off", 4096}, {"data", bytes}}},
        {"upload read", 1, 1, Op::read, Value::object()},
        {"stat list", 2, 1, Op::read, Value::object()},
        {"settings read", 3, 0, Op::read, Value{{"name", "x"}}},
        {"fs status", 8, 1, Op::read, Value{{"name", "/lfs1/x"}}},
        {"shell exec", 9, 0, Op::write, Value{{"argv", Value::array({"kernel", "version"})}}},
        {"enum count", 10, 0, Op::read, Value::object()},
        {"unknown group", 64, 0, Op::read, Value::object()},
    };
}

struct Answer {
    smp::Op op{};
    smp::Version version{};
    Value body;
    bool operator==(const Answer&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Answer& a) {
    return out << "op " << static_cast<int>(a.op) << " v" << static_cast<int>(a.version) << " "
               << a.body.dump();
}

Answer ask(smp::BlockingClient& client, const Probe& p, bool* unanswered = nullptr) {
    smp::RawRequest request{.group = p.group,
                            .command = p.command,
                            .op = p.op,
                            .payload = smp::cbor::encode(p.body),
                            .idempotent = false};
    auto raw = client.request_raw(std::move(request));
    if (unanswered)
        *unanswered = !raw && raw.error().code == smp::make_error_code(smp::Errc::timeout);
    if (!raw)
        return Answer{smp::Op::read, smp::Version::v1, Value{{"error", raw.error().message()}}};
    auto body = smp::cbor::decode(raw->payload);
    return Answer{raw->header.op, raw->header.version,
                  body ? *body : Value{{"undecodable", raw->payload.size()}}};
}

using RecoveryConformance = RealServerTest;

TEST_P(RecoveryConformance, SmpsimAnswersEveryProbeAsTheRealRecovery) {
    const bool raw = spec().config == "serial_recovery_raw";
    // The real one: the application resets into MCUboot.
    ok(smp::os::Reset{.boot_mode = 1});
    client_.reset();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    ClientSetup setup;
    setup.timeout = std::chrono::milliseconds(5000);
    reconnect(setup);

    // The virtual one, with the same application image in slot 0.
    const auto app =
        smp::mcuboot::load_image_file((server_->workdir() / spec().files().back()).string()).value();
    smp_test::TempDir state("smp-recovery-conformance-");
    constexpr std::size_t slot_size = 512 * 1024;  // the mps2 fixtures' slot (image slots)
    smp_it::flash_slot0(state.path, app.bytes, slot_size);
    std::vector<std::string> args{"--recovery",
                                  "--tcp",
                                  "127.0.0.1:0",
                                  "--state-dir",
                                  state.path.string(),
                                  "--slot-size",
                                  std::to_string(slot_size)};
    if (raw)
        args.push_back("--raw");
    smp_it::SmpsimProcess sim(args, 1);
    const auto address = sim.ready[0]["address"].get<std::string>();
    const auto colon = address.rfind(':');
    smp::BlockingClient virtual_device(
        [&](asio::any_io_executor ex) {
            return smp::make_tcp_serial_transport(
                ex,
                {.host = address.substr(0, colon),
                 .port = static_cast<std::uint16_t>(std::stoi(address.substr(colon + 1))),
                 .link = {.framing = raw ? smp::SerialFraming::raw : smp::SerialFraming::encoded}});
        },
        smp::ClientOptions{.timeout = std::chrono::milliseconds(5000), .retries = 0});
    ASSERT_TRUE(virtual_device.connect());

    std::size_t same = 0;
    for (const auto& probe : corpus()) {
        bool unanswered = false;
        auto real = ask(*client_, probe, &unanswered);
        const auto emulated = ask(virtual_device, probe);
        // The emulated board on a loaded machine sometimes loses a request (CI's README stage
        // once saw MCUboot's raw recovery leave one of 21 probes unanswered for 5 s; the
        // differential harness asks again for the same reason). A lost request says nothing
        // about the answer: ask again, twice at most. One never answered still fails below.
        for (int retry = 0; retry < 2 && unanswered && real != emulated; ++retry) {
            std::printf("%s: no answer from the real device to %s, asking again\n",
                        spec().config.c_str(), probe.what);
            real = ask(*client_, probe, &unanswered);
        }
        EXPECT_EQ(emulated, real) << probe.what << " (group " << probe.group << ", command "
                                  << static_cast<int>(probe.command) << ")";
        same += emulated == real ? 1 : 0;
    }
    std::printf("%zu of %zu recovery probes answered alike\n", same, corpus().size());
}

INSTANTIATE_TEST_SUITE_P(Mcuboot, RecoveryConformance,
                         ::testing::Values("serial_recovery", "serial_recovery_raw"), config_name);

}  // namespace
}  // namespace smp_zephyr
