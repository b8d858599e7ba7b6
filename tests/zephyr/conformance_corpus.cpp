// SPDX-License-Identifier: Apache-2.0
#include "conformance_corpus.hpp"

#include <smp/protocol/cbor.hpp>
#include <smp/protocol/message.hpp>

#include <stdexcept>

namespace smp_zephyr {

namespace {

using smp::cbor::Value;

constexpr std::uint8_t read = 0;
constexpr std::uint8_t write = 2;

// Group ids (Zephyr include/zephyr/mgmt/mcumgr/mgmt/mgmt_defines.h).
constexpr std::uint16_t os = 0, img = 1, stat = 2, settings = 3, fs = 8, shell = 9, enm = 10,
                        zbasic = 63;

smp::Bytes cbor(const Value& v) {
    return smp::cbor::encode(v);
}

Value argv(std::initializer_list<const char*> words) {
    Value a = Value::array();
    for (const char* w : words)
        a.push_back(w);
    return a;
}

// An echo whose whole message (8-byte header + payload) is exactly `size` bytes.
smp::Bytes echo_payload_of_size(std::size_t size) {
    for (std::size_t n = size > 24 ? size - 24 : 0; n <= size; ++n) {
        auto payload = cbor(Value{{"d", std::string(n, 'M')}});
        if (smp::header_size + payload.size() == size)
            return payload;
    }
    throw std::logic_error("no echo of " + std::to_string(size) + " bytes");
}

// One probe per request; `variants` adds it once per SMP version (v1 rc, v2 err).
struct Builder {
    std::vector<Probe> probes{};

    void both(const std::string& name, std::uint16_t group, std::uint8_t command, std::uint8_t op,
              smp::Bytes payload) {
        for (std::uint8_t version : {0, 1})
            add(name + (version == 0 ? "@v1" : "@v2"), group, command, op, payload, version);
    }
    void both(const std::string& name, std::uint16_t group, std::uint8_t command, std::uint8_t op,
              const Value& body) {
        both(name, group, command, op, cbor(body));
    }
    Probe& add(const std::string& name, std::uint16_t group, std::uint8_t command, std::uint8_t op,
               smp::Bytes payload, std::uint8_t version = 1) {
        return probes.emplace_back(Probe{.name = name,
                                         .group = group,
                                         .command = command,
                                         .op = op,
                                         .version = version,
                                         .payload = std::move(payload)});
    }
};

void os_probes(Builder& b, std::size_t largest) {
    const auto empty = Value::object();
    b.both("os.echo", os, 0, write, Value{{"d", "hello"}});
    b.both("os.echo.read", os, 0, read, Value{{"d", "hello"}});
    b.both("os.echo.missing_d", os, 0, write, empty);
    b.both("os.echo.d_int", os, 0, write, Value{{"d", 5}});
    b.both("os.echo.empty_d", os, 0, write, Value{{"d", ""}});
    b.both("os.echo.extra_field", os, 0, write, Value{{"d", "x"}, {"zz", 1}});
    b.both("os.echo.no_payload", os, 0, write, smp::Bytes{});
    b.both("os.echo.array_payload", os, 0, write, Value::array({1, 2}));
    b.both("os.echo_control", os, 1, write, Value{{"echo", false}});
    b.both("os.taskstat", os, 2, read, empty);
    b.both("os.taskstat.write", os, 2, write, empty);
    b.both("os.mpstat", os, 3, read, empty);
    b.both("os.datetime_get", os, 4, read, empty);
    b.both("os.datetime_set", os, 4, write, Value{{"datetime", "2025-01-02T03:04:05"}});
    b.both("os.datetime_set.bad", os, 4, write, Value{{"datetime", "yesterday"}});
    b.both("os.reset.read", os, 5, read, empty);
    b.both("os.params", os, 6, read, empty);
    b.both("os.params.write", os, 6, write, empty);
    b.both("os.info", os, 7, read, empty);
    b.both("os.info.no_payload", os, 7, read, smp::Bytes{});
    b.both("os.info.all", os, 7, read, Value{{"format", "a"}});
    b.both("os.info.snrvbmpio", os, 7, read, Value{{"format", "snrvbmpio"}});
    b.both("os.info.bad_format", os, 7, read, Value{{"format", "q"}});
    b.both("os.info.format_int", os, 7, read, Value{{"format", 1}});
    b.both("os.info.write", os, 7, write, empty);
    b.both("os.bootloader_info", os, 8, read, empty);
    b.both("os.bootloader_info.mode", os, 8, read, Value{{"query", "mode"}});
    b.both("os.command9", os, 9, read, empty);
    b.both("os.command42", os, 42, write, empty);
    // The largest echo the device takes.
    b.add("os.echo.fills_buffer", os, 0, write, echo_payload_of_size(largest));
}

// Last, as a real raw UART loses the message after an oversized one too (it resynchronises
// on the following header): one a little too large for the device, dropped unanswered.
void oversized_probe(Builder& b, std::size_t largest) {
    b.add("os.echo.oversized", os, 0, write, echo_payload_of_size(largest + 64)).wait =
        std::chrono::milliseconds(1000);
}

void image_probes(Builder& b) {
    const auto empty = Value::object();
    const auto data = smp::cbor::bytes(smp::Bytes(40, 0x5a));
    b.both("img.list", img, 0, read, empty);
    b.both("img.confirm_running", img, 0, write, Value{{"confirm", true}});
    b.both("img.test_unknown_hash", img, 0, write,
           Value{{"hash", smp::cbor::bytes(smp::Bytes(32, 0x11))}, {"confirm", false}});
    b.both("img.state.confirm_str", img, 0, write, Value{{"confirm", "yes"}});
    b.both("img.upload.read", img, 1, read, empty);
    b.both("img.upload.empty", img, 1, write, empty);
    b.both("img.upload.no_len", img, 1, write, Value{{"off", 0}, {"data", data}});
    b.both("img.upload.not_an_image", img, 1, write,
           Value{{"off", 0}, {"len", 4096}, {"data", data}});
    b.both("img.upload.off_without_upload", img, 1, write, Value{{"off", 4096}, {"data", data}});
    b.both("img.command2", img, 2, read, empty);
    b.both("img.command3", img, 3, read, empty);
    b.both("img.command4", img, 4, read, empty);
    b.both("img.erase.read", img, 5, read, empty);
    b.both("img.slot_info", img, 6, read, empty);
    b.both("img.command7", img, 7, read, empty);
}

void stat_and_settings_probes(Builder& b) {
    const auto empty = Value::object();
    b.both("stat.list", stat, 1, read, empty);
    b.both("stat.show", stat, 0, read, Value{{"name", "smp_svr_stats"}});
    b.both("stat.show.unknown", stat, 0, read, Value{{"name", "no_such_group"}});
    b.both("stat.show.missing_name", stat, 0, read, empty);
    b.both("stat.show.name_int", stat, 0, read, Value{{"name", 7}});
    b.both("stat.show.write", stat, 0, write, Value{{"name", "smp_svr_stats"}});
    b.both("stat.command2", stat, 2, read, empty);
    b.both("settings.read.unknown", settings, 0, read, Value{{"name", "app/key"}});
    b.both("settings.read.max_size", settings, 0, read,
           Value{{"name", "app/key"}, {"max_size", 8}});
    b.both("settings.read.missing_name", settings, 0, read, empty);
    b.both("settings.read.name_int", settings, 0, read, Value{{"name", 3}});
    b.both("settings.read.empty_name", settings, 0, read, Value{{"name", ""}});
    b.both("settings.read.long_name", settings, 0, read, Value{{"name", std::string(40, 'k')}});
    b.both("settings.write.unknown", settings, 0, write,
           Value{{"name", "app/key"}, {"val", smp::cbor::bytes(smp::Bytes{1, 2})}});
    b.both("settings.write.missing_val", settings, 0, write, Value{{"name", "app/key"}});
    b.both("settings.delete.unknown", settings, 1, write, Value{{"name", "app/key"}});
    b.both("settings.delete.read", settings, 1, read, Value{{"name", "app/key"}});
    b.both("settings.commit", settings, 2, write, empty);
    b.both("settings.load", settings, 3, read, empty);
    b.both("settings.save", settings, 3, write, empty);
    b.both("settings.command4", settings, 4, read, empty);
}

void fs_probes(Builder& b) {
    const auto empty = Value::object();
    const auto hello = smp::cbor::bytes(smp::as_bytes(std::string_view("hello")));
    b.both("fs.status.missing_file", fs, 1, read, Value{{"name", "/lfs1/nope"}});
    b.both("fs.status.missing_name", fs, 1, read, empty);
    b.both("fs.status.name_int", fs, 1, read, Value{{"name", 1}});
    b.both("fs.status.long_name", fs, 1, read, Value{{"name", "/lfs1/" + std::string(80, 'n')}});
    b.both("fs.download.missing_file", fs, 0, read, Value{{"name", "/lfs1/nope"}, {"off", 0}});
    b.both("fs.hash.missing_file", fs, 2, read, Value{{"name", "/lfs1/nope"}});
    b.both("fs.hash.unknown_type", fs, 2, read, Value{{"name", "/lfs1/nope"}, {"type", "md5"}});
    b.both("fs.supported_hashes", fs, 3, read, empty);
    b.both("fs.close", fs, 4, write, empty);
    b.both("fs.upload.no_dir", fs, 0, write,
           Value{{"name", "/nodir/x"}, {"off", 0}, {"len", 5}, {"data", hello}});
    b.both("fs.upload.no_len", fs, 0, write,
           Value{{"name", "/lfs1/t"}, {"off", 0}, {"data", hello}});
    // A small file written, then looked at every way.
    b.both("fs.upload", fs, 0, write,
           Value{{"name", "/lfs1/t.txt"}, {"off", 0}, {"len", 5}, {"data", hello}});
    b.both("fs.status", fs, 1, read, Value{{"name", "/lfs1/t.txt"}});
    b.both("fs.download", fs, 0, read, Value{{"name", "/lfs1/t.txt"}, {"off", 0}});
    b.both("fs.download.past_end", fs, 0, read, Value{{"name", "/lfs1/t.txt"}, {"off", 100}});
    b.both("fs.hash.crc32", fs, 2, read, Value{{"name", "/lfs1/t.txt"}});
    b.both("fs.hash.sha256", fs, 2, read, Value{{"name", "/lfs1/t.txt"}, {"type", "sha256"}});
    b.both("fs.hash.off_past_end", fs, 2, read, Value{{"name", "/lfs1/t.txt"}, {"off", 100}});
    b.both("fs.status.directory", fs, 1, read, Value{{"name", "/lfs1"}});
    b.both("fs.command5", fs, 5, read, empty);
}

void shell_enum_basic_probes(Builder& b) {
    const auto empty = Value::object();
    b.both("shell.kernel_version", shell, 0, write, Value{{"argv", argv({"kernel", "version"})}});
    b.both("shell.unknown_command", shell, 0, write, Value{{"argv", argv({"no_such_cmd"})}});
    b.both("shell.empty_argv", shell, 0, write, Value{{"argv", Value::array()}});
    b.both("shell.missing_argv", shell, 0, write, empty);
    b.both("shell.argv_string", shell, 0, write, Value{{"argv", "kernel version"}});
    b.both("shell.read", shell, 0, read, Value{{"argv", argv({"kernel", "version"})}});
    b.both("shell.command1", shell, 1, write, empty);
    b.both("enum.count", enm, 0, read, empty);
    b.both("enum.list", enm, 1, read, empty);
    b.both("enum.single", enm, 2, read, Value{{"index", 0}});
    b.both("enum.single.no_index", enm, 2, read, empty);
    b.both("enum.single.out_of_range", enm, 2, read, Value{{"index", 99}});
    b.both("enum.single.index_str", enm, 2, read, Value{{"index", "0"}});
    b.both("enum.details", enm, 3, read, empty);
    b.both("enum.details.os", enm, 3, read, Value{{"groups", Value::array({0})}});
    b.both("enum.write", enm, 0, write, empty);
    b.both("enum.command4", enm, 4, read, empty);
    b.both("zbasic.erase", zbasic, 0, write, empty);
    b.both("zbasic.read", zbasic, 0, read, empty);
    b.both("zbasic.command1", zbasic, 1, write, empty);
}

void protocol_probes(Builder& b) {
    const auto empty = Value::object();
    b.both("unknown_group.64", 64, 0, read, empty);
    b.both("unknown_group.0x4321", 0x4321, 0, read, empty);
    b.both("unknown_group.user", 300, 1, write, empty);
    b.both("op.read_response", os, 0, 1, Value{{"d", "x"}});
    b.both("op.write_response", os, 0, 3, Value{{"d", "x"}});
    b.both("op.reserved5", os, 0, 5, Value{{"d", "x"}});
    b.add("version.2", os, 0, write, cbor(Value{{"d", "x"}}), 2);
    b.add("version.3", os, 6, read, cbor(empty), 3);
    b.add("length.beyond_payload", os, 0, write, cbor(Value{{"d", "x"}})).length = 40;
    b.add("payload.truncated_cbor", os, 0, write, smp::Bytes{0xbf, 0x61, 0x64}, 1);
}

}  // namespace

smp::Bytes Probe::message(std::uint8_t sequence) const {
    smp::Header h;
    h.op = static_cast<smp::Op>(op);
    h.version = static_cast<smp::Version>(version);
    h.group = group;
    h.command = command;
    h.sequence = sequence;
    auto bytes = smp::encode_message(h, payload);
    if (length) {  // big-endian length field at bytes 2..3
        bytes[2] = static_cast<std::uint8_t>(*length >> 8);
        bytes[3] = static_cast<std::uint8_t>(*length & 0xff);
    }
    return bytes;
}

std::vector<Probe> conformance_corpus(std::size_t buf_size, std::size_t max_packet) {
    Builder b;
    // Serial transports reserve 4 bytes of the buffer (Zephyr smp_uart / smp_shell).
    const std::size_t largest = std::min(buf_size - 4, max_packet);
    os_probes(b, largest);
    image_probes(b);
    stat_and_settings_probes(b);
    fs_probes(b);
    shell_enum_basic_probes(b);
    protocol_probes(b);
    oversized_probe(b, largest);
    return b.probes;
}

}  // namespace smp_zephyr
