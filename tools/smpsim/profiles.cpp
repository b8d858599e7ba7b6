// SPDX-License-Identifier: Apache-2.0
#include "profiles.hpp"

namespace smpsim {

namespace {

using smp::server::DeviceConfig;

// Group ids (Zephyr mgmt_defines.h).
constexpr std::uint16_t os = 0, img = 1, stat = 2, settings = 3, fs = 8, shell = 9, enm = 10,
                        zbasic = 63;

// What every smp_svr build of the 0eae053d fixtures has in common (Zephyr 4.4.0); `built` is
// when the fixture was built (os info "b"): each build has its own second.
DeviceConfig native_sim(std::size_t buf_size, std::size_t buf_count,
                        std::vector<std::uint16_t> groups, const char* built) {
    DeviceConfig c;
    c.buf_size = buf_size;
    c.buf_count = buf_count;
    c.groups = std::move(groups);
    // What the fixtures' os info "a" says: no hostname, the release a git hash, built once.
    c.hostname = "unknown";
    c.kernel_release = "684c9e8f32e4";
    c.kernel_version = "4.4.0";
    c.build_time = built;
    c.machine = "posix";
    c.processor = "x86";
    c.board = "native_sim/native";
    // The threads of smp_svr on native_sim, as its task statistics list them (the first one,
    // without a name, is the native_sim runner's).
    c.threads = {{"", -16, 4, 6},          {"mcumgr smp", 3, 128, 512},
                 {"sysworkq", -1, 2, 576}, {"shell_dummy", 14, 2, 512},
                 {"idle", 15, 0, 64},      {"main", 0, 4, 544}};
    // smp_svr builds neither bootloader info, memory pool statistics nor the RTC, and
    // registers no settings handler.
    c.bootloader_info = false;
    c.memory_pool_stats = false;
    c.datetime = false;
    c.settings_handler = false;
    c.stat_groups = {"smp_svr_stats"};
    c.factory_image = true;
    return c;
}

// The lean buffer builds: no thread names, no shell thread, 512-byte console lines.
DeviceConfig lean(std::size_t buf_size, const char* built,
                  std::vector<std::uint16_t> groups = {os, stat, enm}) {
    auto c = native_sim(buf_size, 4, std::move(groups), built);
    c.thread_names = false;
    c.threads = {{"", -16, 4, 6}, {"", 3, 128, 0}, {"", -1, 2, 0}, {"", 15, 0, 0}, {"", 0, 4, 0}};
    c.line_length = 512;
    return c;
}

// The file system builds mount a 16 KiB littlefs (4 blocks of 4 KiB) on the flash simulator,
// whose statistics groups come with it.
DeviceConfig with_fs(DeviceConfig c) {
    c.fs_size = 16 * 1024;
    c.stat_groups = {"flash_sim_stats", "flash_sim_thresholds", "smp_svr_stats"};
    return c;
}

// The mps2-an385 application under MCUboot (swap using move), with every group, built at
// `built`; the 27c54835 builds (recovery with params) run Zephyr main, 4.4.99.
DeviceConfig mps2(std::size_t buf_size, bool recovery_params, const char* built) {
    auto c =
        with_fs(native_sim(buf_size, 4, {os, img, stat, settings, fs, shell, enm, zbasic}, built));
    c.machine = "arm";
    c.processor = "cortex-m3";
    c.board = "mps2/an385";
    c.threads = {{"mcumgr smp", 3, 128, 512}, {"sysworkq", -1, 2, 576}, {"shell_dummy", 14, 2, 512},
                 {"logging", 14, 2, 192},     {"idle", 15, 0, 64},      {"main", 0, 4, 544}};
    // Their image group lists and takes uploads but answers test/confirm rc 8; with buffers
    // of 1024 bytes their file reads fail (FS_MGMT_ERR_UNKNOWN).
    c.image_state_write = false;
    c.fs_reads_fail = buf_size == 1024;
    if (recovery_params) {  // the 27c54835 builds: Zephyr main
        c.kernel_release = "f33aa2bc4a43";
        c.kernel_version = "4.4.99";
    }
    c.slot_size = 512 * 1024;
    c.recovery_buf_size = 1024;
    c.recovery_params = recovery_params;
    return c;
}

std::vector<Profile> make_profiles() {
    const std::vector<std::uint16_t> all_but_img{os, stat, settings, fs, shell, enm, zbasic};
    auto serial_noparams = lean(384, "Wed Jun  3 22:18:40 2026");
    serial_noparams.params_command = false;
    auto serial_bigrx = with_fs(native_sim(384, 4, all_but_img, "Wed Jun  3 22:18:39 2026"));
    serial_bigrx.line_length = 512;
    // The UDP build runs the network stack's threads instead of the native_sim runner's.
    auto udp = with_fs(native_sim(2048, 2, all_but_img, "Wed Jun  3 22:19:37 2026"));
    udp.threads.erase(udp.threads.begin());
    udp.threads.insert(udp.threads.begin(), {{"smp_udp4", 0, 2, 256},
                                             {"conn_mgr_monitor", -1, 2, 128},
                                             {"rx_q[0]", -1, 2, 375},
                                             {"net_mgmt", -1, 2, 192}});
    // The shell build's UART thread is the shell's own.
    auto shell_build = native_sim(384, 4, {os, stat, enm}, "Wed Jun  3 22:18:39 2026");
    shell_build.threads[3] = {"shell_uart", 14, 128, 512};
    return {
        {"udp", "native_sim UDP 127.0.0.1:1337, 2048 x 2, all groups but img", ProfileLink::udp,
         udp},
        {"udp6", "native_sim UDP [::1]:1337, 2048 x 2, os stat enum", ProfileLink::udp6,
         [] {
             auto c = lean(2048, "Wed Jun  3 22:18:40 2026", {os, stat, enm});
             c.buf_count = 2;
             c.threads.erase(c.threads.begin());  // no native_sim runner thread listed
             return c;
         }()},
        {"serial", "native_sim UART, 384 x 4, all groups but img", ProfileLink::pty,
         with_fs(native_sim(384, 4, all_but_img, "Wed Jun  3 22:19:37 2026"))},
        {"serial_bigrx", "as serial, 512-byte console lines", ProfileLink::pty, serial_bigrx},
        {"serial_raw", "native_sim raw UART, 384 x 4, os stat settings shell enum",
         ProfileLink::pty_raw,
         native_sim(384, 4, {os, stat, settings, shell, enm}, "Wed Jun  3 22:19:37 2026")},
        {"serial_fs", "native_sim UART, 1024 x 4, os stat fs enum", ProfileLink::pty,
         with_fs(lean(1024, "Wed Jun  3 22:18:39 2026", {os, stat, fs, enm}))},
        {"serial_noparams", "native_sim UART, 384 x 4, no MCUmgr params", ProfileLink::pty,
         serial_noparams},
        {"serial_line512", "native_sim UART, 2048 x 4, 512-byte lines", ProfileLink::pty,
         lean(2048, "Wed Jun  3 22:18:40 2026")},
        {"serial_buf96", "native_sim UART, 96 x 4", ProfileLink::pty,
         lean(96, "Wed Jun  3 22:19:14 2026")},
        {"serial_buf256", "native_sim UART, 256 x 4", ProfileLink::pty,
         lean(256, "Wed Jun  3 22:19:16 2026")},
        {"serial_buf400", "native_sim UART, 400 x 4", ProfileLink::pty,
         lean(400, "Wed Jun  3 22:19:14 2026")},
        {"serial_buf512", "native_sim UART, 512 x 4", ProfileLink::pty,
         lean(512, "Wed Jun  3 22:19:14 2026")},
        {"serial_buf1024", "native_sim UART, 1024 x 4", ProfileLink::pty,
         lean(1024, "Wed Jun  3 22:19:14 2026")},
        {"serial_buf2048", "native_sim UART, 2048 x 4", ProfileLink::pty,
         lean(2048, "Wed Jun  3 22:19:14 2026")},
        {"shell", "native_sim SMP in the shell UART, 384 x 4, os stat enum", ProfileLink::pty,
         shell_build},
        {"serial_recovery", "mps2 app + MCUboot (27c54835), 384 x 4; recovery 1024 x 1",
         ProfileLink::tcp, mps2(384, true, "Wed Jun 24 22:06:45 2026")},
        {"serial_recovery_raw", "as serial_recovery, raw UART", ProfileLink::tcp_raw,
         mps2(384, true, "Wed Jun 24 22:06:44 2026")},
        {"serial_recovery_buf400", "mps2 app + MCUboot (4.4.0), 400 x 4; recovery without params",
         ProfileLink::tcp, mps2(400, false, "Wed Jun  3 22:18:58 2026")},
        {"serial_recovery_buf512", "as serial_recovery_buf400 with 512 x 4", ProfileLink::tcp,
         mps2(512, false, "Wed Jun  3 22:18:59 2026")},
        {"serial_recovery_buf1024", "as serial_recovery_buf400 with 1024 x 4", ProfileLink::tcp,
         mps2(1024, false, "Wed Jun  3 22:19:00 2026")},
        {"serial_recovery_buf2048", "as serial_recovery_buf400 with 2048 x 4", ProfileLink::tcp,
         mps2(2048, false, "Wed Jun  3 22:18:59 2026")},
    };
}

}  // namespace

const std::vector<Profile>& profiles() {
    static const std::vector<Profile> all = make_profiles();
    return all;
}

const Profile* find_profile(std::string_view name) {
    for (const auto& p : profiles())
        if (name == p.name)
            return &p;
    return nullptr;
}

std::string profiles_help() {
    std::string text =
        "Profiles (--profile NAME: a real Zephyr 4.4 fixture build; flags given "
        "with it override it):\n";
    for (const auto& p : profiles()) {
        const std::string name = p.name;
        const std::size_t pad = name.size() < 24 ? 24 - name.size() : 1;
        text.append("  ").append(name).append(pad, ' ').append(p.summary).append("\n");
    }
    return text;
}

}  // namespace smpsim
