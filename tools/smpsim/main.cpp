// SPDX-License-Identifier: Apache-2.0
// smpsim: a virtual Zephyr/MCUboot SMP device. Prints one JSON line per endpoint on stdout
// when ready, logs to stderr, exits cleanly (state flushed) on SIGINT/SIGTERM.
#include "dtls_options.hpp"
#include "host_port.hpp"
#include "profiles.hpp"
#include "pty_endpoint.hpp"
#include "runner.hpp"
#include "serial_endpoint.hpp"
#include "udp_endpoint.hpp"

#include <smp/protocol/messages/mcuboot_mode.hpp>

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <optional>

namespace {

void print_ready(const std::string& json) {
    std::cout << json << std::endl;
}

// What each --mcuboot-mode does; docs/smpsim.md has the sources and the details.
constexpr const char* modes_help = R"(MCUboot modes (--mcuboot-mode, bootloader info "mode"):
  swap-move (3, default), swap-scratch (1), swap-offset (9)
      upload to slot 1; test = swap at reset, reverted at the following reset
      unless confirmed; confirm = swap for good.
  overwrite-only (2)
      upload to slot 1; test or confirm = copied over slot 0 at reset, slot 1
      erased; no revert, the new image runs confirmed.
  direct-xip (4)
      upload to the slot not running; the valid slot with the highest version
      boots (no test needed: test of the higher image answers IMAGE_ALREADY_PENDING,
      confirm of it is a no-op); no revert; slot 1 can be the running slot.
  direct-xip-revert (5)
      upload to the slot not running; an unmarked upload is erased at reset; test =
      boot it once, reverted (erased) at the next reset unless confirmed.
  ram-load (6)
      as direct-xip; MCUboot loads only images with the RAM_LOAD header flag and
      erases others.
  single-slot (0), single-slot-ram-load (8)
      no image group in the application (rc 8): update through serial recovery.
  firmware-loader (7)
      the application lists slot 0 only; uploads refused (NO_FREE_SLOT).
      reset boot_mode 1 enters MCUboot serial recovery here (the real device
      starts its firmware-loader application from slot 1 instead).
Zephyr's spellings, which smpctl prints (swap-using-move, swap-using-scratch,
swap-using-offset, direct-xip-with-revert), are accepted too.
Reset with boot_mode 1 (every mode): MCUboot runs, then stays in serial recovery
(one buffer of --recovery-buf-size) until the next reset, which boots the app.
Not modelled: multi-image Direct-XIP/RAM load, security counters, encrypted images,
swap interruption, MCUboot's own serial-recovery slot rules per mode.)";

// --mcuboot-mode: a name (either spelling) or the number (enum mcuboot_mode); a device is
// built for one real mode, so not "unknown".
smp::os::McubootMode mode_option(const std::string& text) {
    auto mode = smp::os::parse_mcuboot_mode(text);
    if (!mode || *mode == smp::os::McubootMode::unknown)
        throw CLI::ValidationError("--mcuboot-mode", "unknown MCUboot mode '" + text + "'");
    return *mode;
}

// Zephyr's img_mgmt: "Multi image does not support DirectXIP currently" (img_mgmt.c).
void check_mode(const smp::server::DeviceConfig& c) {
    using M = smp::os::McubootMode;
    const bool either_slot = c.mcuboot_mode == M::direct_xip ||
                             c.mcuboot_mode == M::direct_xip_with_revert ||
                             c.mcuboot_mode == M::ram_load;
    if (either_slot && c.image_count > 1)
        throw CLI::ValidationError("--images", "Direct-XIP and RAM load support one image");
}

// The --profile NAME (or --profile=NAME) of the command line, found before the options are
// declared so that the profile's settings become their defaults and explicit flags win.
const smpsim::Profile* profile_in(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--profile" && i + 1 < argc)
            return smpsim::find_profile(argv[i + 1]);
        if (arg.starts_with("--profile="))
            return smpsim::find_profile(arg.substr(std::string("--profile=").size()));
    }
    return nullptr;
}

// The endpoint a profile's fixture has, for a command line that names none.
void default_endpoint(const smpsim::Profile& p, std::vector<std::string>& udp,
                      std::vector<std::string>& tcp, bool& pty) {
    using L = smpsim::ProfileLink;
    switch (p.link) {
        case L::udp:
            udp.push_back("127.0.0.1:1337");
            break;
        case L::udp6:
            udp.push_back("[::1]:1337");
            break;
        case L::tcp_raw:
        case L::tcp:
            tcp.push_back("127.0.0.1:7000");
            break;
        case L::pty_raw:
        case L::pty:
            pty = true;
            break;
    }
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "smpsim: a virtual SMP (MCUmgr) device behaving like Zephyr 4.x smp_svr + MCUboot"};
    app.allow_windows_style_options(false);  // --state-dir /x is a path on every system
    std::vector<std::string> udp;
    std::vector<std::string> tcp;
    std::size_t udp_count = 1;
    bool pty = false;
    bool raw = false;
    bool recovery = false;
    std::optional<std::size_t> buf_size;
    std::optional<std::size_t> buf_count;
    const smpsim::Profile* profile = profile_in(argc, argv);
    smp::server::DeviceConfig config = profile ? profile->config : smp::server::DeviceConfig{};
    std::string profile_name;
    app.add_option("--profile", profile_name,
                   "behave as one real Zephyr 4.4 fixture build (see the list below)")
        ->check([](const std::string& name) {
            return smpsim::find_profile(name) ? std::string{} : "unknown profile '" + name + "'";
        });
    // A real device always runs an image: the virtual one too, unless told otherwise.
    bool factory_image = true;
    app.add_flag("--factory-image,!--no-factory-image", factory_image,
                 "a confirmed factory image (1.0.0) in slot 0 when the state has none "
                 "(default; --no-factory-image: slot 0 empty)");
    smp::server::LinkConfig link;
    std::uint32_t latency_ms = 0;
    std::uint32_t write_us_per_kb = 0;
    std::uint32_t erase_us_per_kb = 0;
    std::uint32_t cpu_us_per_kb = 0;
    auto fs_idle_close_ms = static_cast<std::uint32_t>(config.fs_idle_close.count());
    std::string state_dir;
    std::string fs_root;
    std::optional<std::uint64_t> reset_after;
    std::optional<std::uint64_t> reset_at_offset;

    app.add_option("--udp", udp, "UDP endpoint host:port (IPv4 or [IPv6]); port 0 picks one")
        ->expected(0, 1)
        ->default_str("127.0.0.1:1337");
    app.add_option("--udp-count", udp_count,
                   "serve this many independent devices, one per UDP endpoint: port 0 picks "
                   "each port, else consecutive ports (fleet benchmarks)")
        ->check(CLI::Range(1, 10000));
    smpsim::DtlsCli dtls;
    smpsim::add_dtls_options(app, dtls);
    app.add_flag("--pty", pty, "serial (SMP console framing) on a pseudo-terminal");
    app.add_option("--tcp", tcp, "serial framing over a TCP listening socket host:port");
    app.add_flag("--raw", raw, "raw SMP on the serial endpoints (no base64 console framing)");
    app.add_option("--buf-size", buf_size, "SMP buffer size (default 384 serial, 2048 UDP-only)");
    app.add_option("--buf-count", buf_count, "SMP buffer count (default 4 serial, 2 UDP-only)");
    app.add_option("--baud", link.baud, "serial baud rate to emulate (0 = unlimited)");
    app.add_option("--latency-ms", latency_ms, "latency added in each direction");
    app.add_option("--flash-write-us-per-kb", write_us_per_kb, "emulated flash write time");
    app.add_option("--flash-erase-us-per-kb", erase_us_per_kb, "emulated flash erase time");
    app.add_option("--cpu-us-per-kb", cpu_us_per_kb,
                   "emulated CPU time per KiB of each request (a CPU-bound device)");
    app.add_option("--cpu-slowdown-per-waiting", config.cpu_slowdown_per_waiting,
                   "each request queued behind the one handled makes it this much slower "
                   "(0.05 = 5%)")
        ->check(CLI::Range(0.0, 10.0));
    app.add_option("--cpu-overlap-slowdown", config.cpu_overlap_slowdown,
                   "a request whose CPU work overlaps another (waiting or arriving) "
                   "costs 1 + this as much (0.32: a slow board, issue 32)")
        ->check(CLI::Range(0.0, 10.0));
    app.add_option("--loss", link.loss, "packet loss probability")->check(CLI::Range(0.0, 1.0));
    app.add_option("--corrupt", link.corrupt, "packet corruption probability")
        ->check(CLI::Range(0.0, 1.0));
    app.add_option("--dup", link.dup, "packet duplication probability")
        ->check(CLI::Range(0.0, 1.0));
    app.add_option("--reorder", link.reorder, "packet reordering probability")
        ->check(CLI::Range(0.0, 1.0));
    app.add_option("--seed", link.seed, "fault injection PRNG seed");
    app.add_option("--reset-after", reset_after, "reset after this many requests");
    app.add_option("--reset-at-offset", reset_at_offset,
                   "reset once (power loss) when an image upload first reaches this offset");
    app.add_flag("--recovery", recovery, "MCUboot serial recovery personality");
    std::string mcuboot_mode = "swap-move";
    app.add_option("--mcuboot-mode", mcuboot_mode,
                   "MCUboot mode the application is built for: a name or 0..9 (see below)")
        ->capture_default_str();
    app.add_flag("--no-downgrade", config.no_downgrade,
                 "MCUboot with MCUBOOT_DOWNGRADE_PREVENTION: bootloader info says "
                 "no-downgrade; a lower-version candidate is erased at reset, not booted");
    bool no_bootloader_info = false;
    app.add_flag("--no-bootloader-info", no_bootloader_info,
                 "as CONFIG_MCUMGR_GRP_OS_BOOTLOADER_INFO=n: os command 8 answers rc 8");
    app.add_option("--recovery-buf-size", config.recovery_buf_size,
                   "receive buffer of the serial recovery entered by reset boot_mode 1")
        ->capture_default_str();
    app.add_flag("--recovery-echo", config.recovery_echo,
                 "serial recovery built with MCUBOOT_BOOT_MGMT_ECHO (default: echo answers rc "
                 "8, as Zephyr's default and the real recovery fixtures)");
    app.add_flag("--recovery-image-state", config.recovery_image_state,
                 "serial recovery built with MCUBOOT_SERIAL_IMG_GRP_IMAGE_STATE: its image "
                 "list carries flags and it takes test/confirm (default: no flags, as Zephyr's "
                 "default and the real recovery fixtures)");
    app.footer(smpsim::profiles_help() + "\n" + modes_help);
    app.add_option("--state-dir", state_dir, "directory for slots, settings, boot state");
    app.add_option("--fs-root", fs_root, "root directory of the file system group");
    app.add_option("--fs-idle-close-ms", fs_idle_close_ms,
                   "close an idle file upload after this many ms "
                   "(CONFIG_MCUMGR_GRP_FS_FILE_AUTOMATIC_IDLE_CLOSE_TIME)")
        ->capture_default_str()
        ->check(CLI::Range(1, 99999999));
    app.add_option("--slot-size", config.slot_size, "bytes per image slot");
    bool no_image_check = false;
    app.add_flag("--no-image-check", no_image_check,
                 "as CONFIG_IMG_ENABLE_IMAGE_CHECK=n: no \"match\"; a late first chunk after "
                 "a completed upload restarts it and erases the slot");
    app.add_option("--images", config.image_count, "number of updatable images")
        ->check(CLI::Range(1, 8));
    CLI11_PARSE(app, argc, argv);
    config.factory_image = factory_image;
    if (no_image_check)
        config.image_check = false;
    if (no_bootloader_info)
        config.bootloader_info = false;
    try {
        if (app.count("--dtls") > 0 && dtls.endpoints.empty())
            dtls.endpoints.push_back("127.0.0.1:1337");
        smpsim::check_dtls_options(dtls);
        if (!profile || app.count("--mcuboot-mode") > 0)
            config.mcuboot_mode = mode_option(mcuboot_mode);
        check_mode(config);
    } catch (const CLI::Error& e) {
        return app.exit(e);
    }

    if (profile && udp.empty() && tcp.empty() && !pty && app.count("--udp") == 0 &&
        dtls.endpoints.empty())
        default_endpoint(*profile, udp, tcp, pty);
    // A raw UART build speaks raw SMP on whatever endpoint smpsim is given.
    if (profile && (profile->link == smpsim::ProfileLink::pty_raw ||
                    profile->link == smpsim::ProfileLink::tcp_raw))
        raw = true;
    const bool serial = pty || !tcp.empty();
    if (app.count("--udp") > 0 && udp.empty())
        udp.push_back("127.0.0.1:1337");
    // CONFIG_MCUMGR_TRANSPORT_UDP_DTLS: no plain UDP while DTLS is on (unless asked for).
    if (udp.empty() && !serial && dtls.endpoints.empty())
        udp.push_back("127.0.0.1:1337");
    if (recovery) {
        // MCUboot: one receive buffer of MCUBOOT_SERIAL_MAX_RECEIVE_SIZE (Kconfig default 1024).
        config.personality = smp::server::Personality::mcuboot_serial;
        config.buf_size = buf_size.value_or(1024);
        config.recovery_buf_size = config.buf_size;
        config.buf_count = 1;
    } else {
        const bool udp_only = !serial;
        if (!profile) {
            config.buf_size = udp_only ? 2048 : 384;
            config.buf_count = udp_only ? 2 : 4;
        }
        config.buf_size = buf_size.value_or(config.buf_size);
        config.buf_count = buf_count.value_or(config.buf_count);
    }
    config.state_dir = state_dir;
    config.fs_root = fs_root;
    config.fs_idle_close = std::chrono::milliseconds(fs_idle_close_ms);
    config.flash_write_per_kb = std::chrono::microseconds(write_us_per_kb);
    config.flash_erase_per_kb = std::chrono::microseconds(erase_us_per_kb);
    config.cpu_per_kb = std::chrono::microseconds(cpu_us_per_kb);
    config.reset_after_requests = reset_after;
    config.reset_at_upload_offset = reset_at_offset;
    link.latency_in = link.latency_out = std::chrono::milliseconds(latency_ms);

    try {
        asio::io_context io;
        smpsim::Runner runner(io, config, link);
        // --udp-count: more devices, each with its own state and its own endpoint(s).
        std::vector<std::unique_ptr<smpsim::Runner>> fleet;
        for (std::size_t i = 1; i < udp_count; ++i) {
            auto c = config;
            if (!c.state_dir.empty())
                c.state_dir /= "device-" + std::to_string(i);
            fleet.push_back(std::make_unique<smpsim::Runner>(io, c, link));
        }
        std::vector<std::unique_ptr<smpsim::UdpEndpoint>> udp_endpoints;
        for (const auto& spec : udp) {
            const auto hp = smpsim::parse_host_port(spec, 1337);
            for (std::size_t i = 0; i < udp_count; ++i) {
                const auto port = hp.port == 0 ? 0 : static_cast<unsigned short>(hp.port + i);
                asio::ip::udp::endpoint ep(asio::ip::make_address(hp.host), port);
                udp_endpoints.push_back(
                    std::make_unique<smpsim::UdpEndpoint>(io, i == 0 ? runner : *fleet[i - 1], ep));
            }
        }
        for (auto& e : udp_endpoints) {
            e->start();
            print_ready(R"({"transport":"udp","address":")" + e->address() + "\"}");
        }
        const auto dtls_endpoints = smpsim::start_dtls(io, runner, dtls, print_ready);
        std::unique_ptr<smpsim::PtyEndpoint> pty_endpoint;
        if (pty) {
            pty_endpoint = std::make_unique<smpsim::PtyEndpoint>(io, runner, raw);
            pty_endpoint->start();
            print_ready(R"({"transport":"pty","path":")" + pty_endpoint->path() + "\"}");
        }
        std::vector<std::unique_ptr<smpsim::TcpSerialEndpoint>> tcp_endpoints;
        for (const auto& spec : tcp) {
            const auto hp = smpsim::parse_host_port(spec, 7000);
            asio::ip::tcp::endpoint ep(asio::ip::make_address(hp.host), hp.port);
            tcp_endpoints.push_back(
                std::make_unique<smpsim::TcpSerialEndpoint>(io, runner, ep, raw));
            tcp_endpoints.back()->start();
            print_ready(R"({"transport":"tcp","address":")" + tcp_endpoints.back()->address() +
                        "\"}");
        }
        asio::signal_set signals(io, SIGINT, SIGTERM);
#ifdef SIGBREAK
        signals.add(SIGBREAK);  // Windows: Ctrl-Break, which a console sends a whole group
#endif
        signals.async_wait([&](const asio::error_code&, int signal) {
            std::cerr << "smpsim: signal " << signal << ", saving state and exiting\n";
            io.stop();
        });
        io.run();
        runner.flush();
        for (auto& r : fleet)
            r->flush();
    } catch (const std::exception& e) {
        std::cerr << "smpsim: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
