// SPDX-License-Identifier: Apache-2.0
#pragma once
// Configuration of the virtual device (smp::server::Device) and of the link in front of it.
// Defaults follow Zephyr 4.x smp_svr (shared/protocol.md §4.0, §5.6) and MCUboot (§7).
#include <smp/protocol/messages/os.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace smp::server {

/// Which firmware the device pretends to be.
enum class Personality {
    zephyr,         ///< Zephyr smp_svr application with MCUboot underneath
    mcuboot_serial  ///< MCUboot serial recovery (boot_serial.c)
};

/// One thread as os task statistics report it.
struct ThreadInfo {
    std::string name;          ///< thread name, the key in task statistics
    std::int64_t prio = 0;     ///< thread priority (negative: cooperative)
    std::uint64_t state = 0;   ///< Zephyr's thread_state bits
    std::uint64_t stksiz = 0;  ///< stack size in 4-byte words
};

/// Everything that makes one virtual device differ from another; the defaults are Zephyr's smp_svr
/// sample.
struct DeviceConfig {
    /// The firmware running at power-on. A Zephyr device enters MCUboot serial recovery
    /// for one boot after a reset with boot_mode 1 (see Device::reset).
    Personality personality = Personality::zephyr;
    /// The MCUboot mode the application was built for (CONFIG_MCUBOOT_BOOTLOADER_MODE_*):
    /// what bootloader info reports, where uploads go, what test/confirm do and what a
    /// reset boots (docs: smpsim --help). Direct-XIP and RAM load need image_count 1.
    os::McubootMode mcuboot_mode = os::McubootMode::swap_using_move;
    /// MCUBOOT_DOWNGRADE_PREVENTION in MCUboot + CONFIG_MCUBOOT_BOOTLOADER_NO_DOWNGRADE in
    /// the app: bootloader info says "no-downgrade", and MCUboot erases a lower-version
    /// candidate at reset instead of booting it (loader.c). Direct-XIP modes always have it.
    bool no_downgrade = false;
    /// CONFIG_MCUMGR_GRP_OS_BOOTLOADER_INFO: off, os command 8 answers rc 8 (ENOTSUP).
    bool bootloader_info = true;
    /// MCUBOOT_SERIAL_MAX_RECEIVE_SIZE of the MCUboot serial recovery entered by boot_mode 1.
    std::size_t recovery_buf_size = 1024;
    /// MCUBOOT_SERIAL_IMG_GRP_IMAGE_STATE in serial recovery: its image list carries the
    /// flags (only those that are true) and it takes image state writes. Off, as in Zephyr's
    /// default and in the real recovery fixtures: the list has no flags and a state write
    /// answers rc 8 (boot_serial.c, bs_list / bs_list_set).
    bool recovery_image_state = false;
    /// MCUBOOT_BOOT_MGMT_ECHO in serial recovery. Off, as in Zephyr's default and the real
    /// recovery fixtures: echo answers rc 8.
    bool recovery_echo = false;
    /// MCUBOOT_BOOT_MGMT_MCUMGR_PARAMS in serial recovery (on in the 27c54835 fixtures, off
    /// in the 0eae053d ones): off, params answers rc 8.
    bool recovery_params = true;
    /// CONFIG_MCUMGR_TRANSPORT_NETBUF_SIZE / _COUNT: 384 x 4 for serial builds, 2048 x 2 for
    /// UDP builds (transport/Kconfig, Kconfig.udp). MCUboot has one receive buffer.
    std::size_t buf_size = 384;
    std::size_t buf_count = 4;             ///< number of SMP buffers (..._NETBUF_COUNT)
    std::uint32_t image_count = 1;         ///< updatable images (each has two slots)
    std::uint32_t slot_size = 256 * 1024;  ///< bytes per slot
    std::uint32_t flash_write_align = 8;   ///< MCUboot serial truncates chunks to this
    /// CONFIG_IMG_ENABLE_IMAGE_CHECK (img_mgmt.c): the last upload answer carries "match",
    /// and a first chunk whose 32-byte sha equals what the slot already holds is answered
    /// {"off": len, "match": true} without erasing. Off (Zephyr's Kconfig default): no
    /// "match", and a first chunk arriving after a completed upload (a late duplicate)
    /// starts a new upload and erases the slot.
    bool image_check = true;
    /// Directory holding slots, boot state, settings; empty = nothing persisted.
    std::filesystem::path state_dir{};
    /// Root of the sandboxed file system (fs group); empty = `state_dir`/fs, or none.
    std::filesystem::path fs_root{};
    // OS info (os_mgmt.c os_mgmt_info): s n r v b m p i o.
    std::string hostname = "smpsim";                  ///< "n"
    std::string kernel_release = "v4.4.0";            ///< "r" (a git describe)
    std::string kernel_version = "4.4.0";             ///< "v", and shell kernel version
    std::string build_time = "Jan  1 2025 00:00:00";  ///< "b"
    std::string machine = "posix";                    ///< "m"
    std::string processor = "x86_64";                 ///< "p"
    std::string board = "smpsim";                     ///< "i"
    /// The threads os task statistics list (smp_svr's), in their order.
    std::vector<ThreadInfo> threads{{"idle", 15, 0, 80},
                                    {"main", 0, 8, 512},
                                    {"mcumgr smp", 3, 0, 608},
                                    {"sysworkq", -1, 8, 256},
                                    {"logging", 14, 8, 192}};
    /// CONFIG_MCUMGR_GRP_OS_MCUMGR_MPSTAT and _DATETIME: off, those commands answer rc 8
    /// (smp_svr builds neither).
    bool memory_pool_stats = true;
    bool datetime = true;  ///< the date-time command (os command 4)
    /// A settings handler for every key, backed by settings.cbor. Off (smp_svr registers
    /// none): read and write answer ROOT_KEY_NOT_FOUND, delete KEY_NOT_FOUND, save
    /// SAVE_NOT_SUPPORTED (settings_mgmt.c).
    bool settings_handler = true;
    /// Image state writes (test/confirm, image command 0 write). Off as in the mps2 fixture
    /// applications, which answer them rc 8.
    bool image_state_write = true;
    /// The file system answers file reads (download, hash) with FS_MGMT_ERR_UNKNOWN, as the
    /// 0eae053d mps2 applications with 1024-byte or larger buffers do.
    bool fs_reads_fail = false;
    /// The management groups the build registers, by id (enumeration reports them in
    /// Zephyr's registration order); empty: every group smpsim has. Others answer rc 8.
    std::vector<std::uint16_t> groups{};
    /// CONFIG_MCUMGR_GRP_OS_MCUMGR_PARAMS: off, os command 6 answers rc 8.
    bool params_command = true;
    /// CONFIG_THREAD_NAME (and stack info): off, task statistics key each thread by its
    /// priority and carry no stack fields (os_mgmt.c, os_mgmt_taskstat_encode_thread_name).
    bool thread_names = true;
    /// The statistics groups registered (stat list order).
    std::vector<std::string> stat_groups{"smp_svr_stats", "smp"};
    /// Capacity of the file system in bytes (littlefs blocks); 0: as much as the host has.
    std::uint64_t fs_size = 0;
    /// A confirmed factory image in slot 0 when the state directory has none: a real
    /// device always runs an image.
    bool factory_image = false;
    /// CONFIG_UART_MCUMGR_RX_BUF_SIZE: the longest console line (with its newline).
    std::size_t line_length = 128;
    /// CONFIG_MCUMGR_TRANSPORT_UDP_MTU: a datagram is read into this many bytes.
    std::size_t udp_mtu = 1500;
    std::chrono::microseconds flash_write_per_kb{0};  ///< emulated flash write time
    std::chrono::microseconds flash_erase_per_kb{0};  ///< emulated flash erase time
    /// Emulated CPU time to handle a request, per KiB of the request (decoding, copying,
    /// checking): a device whose CPU, not its link, is the bottleneck. Zephyr 4.4 smp_svr on
    /// the emulated mps2 (QEMU, TCP serial, 1 KiB buffers) took about 90 ms per KiB (11 KB/s
    /// at window 1, issue 14). 0 = none.
    std::chrono::microseconds cpu_per_kb{0};
    /// Each request waiting behind the one being handled makes it this much slower (0.05 =
    /// 5%): the CPU also serves the link while requests queue up (UART interrupts, frame
    /// decoding), so a deeper window makes each request slower. The mps2 gave 9.1-11.0 KB/s
    /// at window 3 (two waiting) against 10.7-11.0 at window 1: about 5% per request waiting.
    double cpu_slowdown_per_waiting = 0.0;
    /// A request whose CPU work overlaps another request (one waiting when the work starts,
    /// or one arriving during it) costs 1 + this as much: the slow board of
    /// issue 32, the mps2 under QEMU's instruction counter, where any request kept waiting in
    /// the buffers costs the device work (windows 2 and 3 both at 0.76x of window 1: 0.32).
    /// Unlike `cpu_slowdown_per_waiting`, which counts only the requests waiting when the work
    /// starts, it also charges the next request of window 2 that arrives during the work,
    /// as the emulated board does. 0 = none.
    double cpu_overlap_slowdown = 0.0;
    /// The fs group closes the file of an upload left idle this long and forgets its offset
    /// and length: CONFIG_MCUMGR_GRP_FS_FILE_AUTOMATIC_IDLE_CLOSE_TIME (fs_mgmt/Kconfig,
    /// default 4000 ms, range 1..99999999).
    std::chrono::milliseconds fs_idle_close{4000};
    /// Reset (as if power-cycled) after this many processed requests (fault injection).
    std::optional<std::uint64_t> reset_after_requests{};
    /// Reset when an image upload reaches this byte offset (fault injection).
    std::optional<std::uint64_t> reset_at_upload_offset{};
};

/// Link emulation and fault injection, applied by the I/O shell per packet (LinkEmulator).
struct LinkConfig {
    std::uint32_t baud = 0;                    ///< serial bytes/s = baud/10; 0 = unlimited
    std::chrono::milliseconds latency_in{0};   ///< added host -> device
    std::chrono::milliseconds latency_out{0};  ///< added device -> host
    double loss = 0.0;       ///< probability that a packet is lost (each direction)
    double corrupt = 0.0;    ///< probability that one byte of a packet is flipped
    double dup = 0.0;        ///< probability that a packet is delivered twice
    double reorder = 0.0;    ///< probability that a packet is held back behind the next one
    std::uint64_t seed = 1;  ///< seed of the fault generator: equal seeds give equal verdicts
};

}  // namespace smp::server
