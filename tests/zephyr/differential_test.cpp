// SPDX-License-Identifier: Apache-2.0
// Differential conformance: smpsim --profile NAME against the real Zephyr 4.4 server NAME
// (shared/zephyr-fixtures), for every fixture configuration. The same corpus of raw SMP
// messages (conformance_corpus.cpp) goes to both, in the same order, each device started
// once for the whole corpus; the answers must agree in header, error and payload (keys,
// types and values) except where the one allow-list (conformance_allowlist.cpp) says why not.
#include "answer_diff.hpp"
#include "conformance_allowlist.hpp"
#include "conformance_corpus.hpp"
#include "raw_link.hpp"
#include "real_server_test.hpp"

#include "integration/smpsim_process.hpp"
#include "temp_dir.hpp"

#include <smp/mcuboot/image_file.hpp>

#include "integration/factory_image.hpp"

#include <cstdio>
#include <sstream>

namespace smp_zephyr {
namespace {

// The endpoint options that put smpsim where a client of the fixture expects a device.
std::vector<std::string> endpoint_args(const FixtureSpec& spec) {
    if (spec.transport == "udp")
        return {"--udp", spec.ip_family == std::string("ipv6") ? "[::1]:0" : "127.0.0.1:0"};
    if (spec.emulated())
        return {"--tcp", "127.0.0.1:0"};
    return {"--pty"};
}

Endpoint endpoint_of(const nlohmann::json& ready) {
    const auto transport = ready.at("transport").get<std::string>();
    if (transport == "pty")
        return {Endpoint::Kind::pty, ready.at("path").get<std::string>(), 0};
    auto address = ready.at("address").get<std::string>();
    const auto colon = address.rfind(':');
    auto host = address.substr(0, colon);
    if (host.starts_with('['))
        host = host.substr(1, host.size() - 2);
    return {transport == "udp" ? Endpoint::Kind::udp : Endpoint::Kind::tcp, host,
            static_cast<std::uint16_t>(std::stoi(address.substr(colon + 1)))};
}

// The most one message may hold on the fixture's link: UDP reads datagrams into 1500 bytes
// (CONFIG_MCUMGR_TRANSPORT_UDP_MTU).
std::size_t max_packet(const FixtureSpec& spec) {
    return spec.transport == "udp" ? 1500 : spec.buf_size;
}

struct Tally {
    std::size_t probes = 0;
    std::size_t allowed = 0;
    std::size_t failed = 0;
};

class Differential : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        real_ = std::make_unique<ZephyrServer>(fixture(GetParam()));
        // Waits until the device answers, then leaves the link to the harness (a TCP UART
        // takes one client at a time).
        connect_when_answering(*real_).reset();
        std::vector<std::string> args{"--profile", GetParam(), "--state-dir", state_.path.string()};
        if (real_->spec().emulated()) {
            // The fixture's own application in slot 0, so that the image list is the same.
            const auto app = smp::mcuboot::load_image_file(
                                 (real_->workdir() / real_->spec().files().back()).string())
                                 .value();
            smp_it::flash_slot0(state_.path, app.bytes, 512 * 1024);
        }
        for (auto& a : endpoint_args(real_->spec()))
            args.push_back(a);
        sim_ = std::make_unique<smp_it::SmpsimProcess>(args, 1);
        sim_endpoint_ = endpoint_of(sim_->ready.at(0));
    }

    struct Verdict {
        std::string unexplained;  // one line per difference no allowance covers
        std::size_t allowed = 0;
    };

    Verdict judge(const Probe& probe, const std::optional<smp::Bytes>& real_answer,
                  const std::optional<smp::Bytes>& sim_answer) const {
        Verdict v;
        std::ostringstream out;
        for (const auto& d : diff_answers(real_answer, sim_answer)) {
            if (allowance_for(GetParam(), probe.name, d) != nullptr)
                ++v.allowed;
            else
                out << "\n  " << d.path << ": real " << d.real << " | smpsim " << d.emulated;
        }
        v.unexplained = out.str();
        return v;
    }

    // One probe to both devices; the differences no allowance covers fail the test.
    // Returns false when a device left the probe unanswered.
    bool check(const Probe& probe, std::uint8_t sequence, RawLink& real, RawLink& sim,
               Tally& tally) {
        const auto message = probe.message(sequence);
        auto real_answer = real.exchange(message, sequence, probe.wait);
        const auto sim_answer = sim.exchange(message, sequence, probe.wait);
        auto verdict = judge(probe, real_answer, sim_answer);
        // An emulated board on a loaded machine sometimes loses a request line or answers
        // late: CI's sanitizer stage once saw a 1 KiB echo to the mps2 MCUboot go unanswered,
        // one probe in 228. When that is the only reason for a difference, ask the real
        // device again with more time; a request it never answers still fails the test.
        for (int retry = 0; retry < 2 && !verdict.unexplained.empty() && !real_answer && sim_answer;
             ++retry) {
            std::printf("%s: no answer from the real device to %s, asking again\n",
                        GetParam().c_str(), probe.name.c_str());
            real_answer = real.exchange(message, sequence, probe.wait * 2);
            verdict = judge(probe, real_answer, sim_answer);
        }
        ++tally.probes;
        tally.allowed += verdict.allowed;
        if (!verdict.unexplained.empty()) {
            ++tally.failed;
            ADD_FAILURE() << probe.name << " (group " << probe.group << ", command "
                          << static_cast<int>(probe.command) << ") differs:" << verdict.unexplained
                          << "\n  real:   " << describe_answer(real_answer)
                          << "\n  smpsim: " << describe_answer(sim_answer);
        }
        return real_answer.has_value() && sim_answer.has_value();
    }

    smp_test::TempDir state_{"smp-differential-"};
    std::unique_ptr<ZephyrServer> real_{};
    std::unique_ptr<smp_it::SmpsimProcess> sim_{};
    Endpoint sim_endpoint_{};
};

TEST_P(Differential, SmpsimAnswersTheCorpusAsTheRealServer) {
    const auto& spec = real_->spec();
    RawLink real(transport_for(*real_));
    RawLink sim(transport_to(sim_endpoint_, spec));
    Tally tally;
    std::uint8_t sequence = 0;
    std::size_t unanswered = 0;  // in a row, by either device
    for (const auto& probe : conformance_corpus(spec.buf_size, max_packet(spec))) {
        if (!check(probe, ++sequence, real, sim, tally))
            ++unanswered;
        else
            unanswered = 0;
        // A device that stopped answering would make every probe wait: give up on it.
        ASSERT_LT(unanswered, 4u) << "a device stopped answering; real server output:\n"
                                  << real_->output();
    }
    std::printf("%s: %zu probes, %zu answers differ, %zu allowed differences\n", GetParam().c_str(),
                tally.probes, tally.failed, tally.allowed);
}

INSTANTIATE_TEST_SUITE_P(Udp, Differential, ::testing::Values("udp", "udp6"), config_name);
INSTANTIATE_TEST_SUITE_P(Native, Differential,
                         ::testing::Values("serial", "serial_bigrx", "serial_raw", "serial_fs",
                                           "serial_noparams", "serial_line512", "serial_buf96",
                                           "serial_buf256", "serial_buf400", "serial_buf512",
                                           "serial_buf1024", "serial_buf2048", "shell"),
                         config_name);
// Not serial_recovery_buf2048: that real application stops answering after about 170 of the
// corpus's requests (any of them, at a different one each run), so it cannot be compared.
INSTANTIATE_TEST_SUITE_P(Mps2, Differential,
                         ::testing::Values("serial_recovery", "serial_recovery_raw",
                                           "serial_recovery_buf400", "serial_recovery_buf512",
                                           "serial_recovery_buf1024"),
                         config_name);

}  // namespace
}  // namespace smp_zephyr
