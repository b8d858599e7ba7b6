// SPDX-License-Identifier: Apache-2.0
// Intel HEX reader. Record layout ":LLAAAATT<data>CC", checksum = two's complement of the sum
// of all bytes; address of a data record = offset + base, where base is segment * 16 (02)
// or upper_linear << 16 (04), as in python-intelhex (imgtool's HEX backend).
#include <smp/mcuboot/intel_hex.hpp>

#include "mcuboot/detail.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

namespace smp::mcuboot {

namespace {

using detail::hex;

enum RecordType : std::uint8_t {
    data_record = 0,
    eof_record = 1,
    extended_segment = 2,
    start_segment = 3,
    extended_linear = 4,
    start_linear = 5,
};

struct Segment {
    std::uint64_t address = 0;
    std::size_t line = 0;
    Bytes bytes{};
};

Error bad_hex(std::size_t line, std::string detail) {
    return Error{Errc::bad_hex, "line " + std::to_string(line) + ": " + std::move(detail)};
}

// Decodes ":LLAAAATT...CC" (without the colon) into bytes, checking digits and checksum.
Result<Bytes> decode_record(std::string_view body, std::size_t line) {
    if (body.size() % 2 != 0)
        return bad_hex(line, "odd number of hex digits");
    Bytes bytes;
    bytes.reserve(body.size() / 2);
    for (std::size_t i = 0; i < body.size(); i += 2) {
        const int hi = hex_digit_value(body[i]);
        const int lo = hex_digit_value(body[i + 1]);
        if (hi < 0 || lo < 0)
            return bad_hex(line, "bad hex digit at column " + std::to_string(i + (hi < 0 ? 2 : 3)));
        bytes.push_back(static_cast<std::uint8_t>(hi << 4 | lo));
    }
    if (bytes.size() < 5)
        return bad_hex(line, "record shorter than its 5 fixed bytes");
    if (bytes.size() != std::size_t{bytes[0]} + 5)
        return bad_hex(line, "byte count " + hex(bytes[0]) + " does not match the record's " +
                                 std::to_string(bytes.size() - 5) + " data bytes");
    std::uint8_t sum = 0;
    for (std::uint8_t b : bytes)
        sum = static_cast<std::uint8_t>(sum + b);
    if (sum != 0)
        return bad_hex(line, "bad checksum " + hex(bytes.back()) + " (expected " +
                                 hex(static_cast<std::uint8_t>(bytes.back() - sum)) + ")");
    return bytes;
}

std::uint32_t be_value(const Bytes& record) {
    std::uint32_t v = 0;
    for (std::size_t i = 4; i + 1 < record.size(); ++i)
        v = v << 8 | record[i];
    return v;
}

struct Parser {
    const HexOptions& options;
    HexImage image{};
    std::vector<Segment> segments{};
    std::uint64_t base = 0;
    bool seen_eof = false;

    Status record(const Bytes& r, std::size_t line) {
        const std::size_t length = r[0];
        const std::uint32_t offset = static_cast<std::uint32_t>(r[1] << 8 | r[2]);
        const auto expect_length = [&](std::size_t want) -> Status {
            if (length != want)
                return bad_hex(line, "record type " + hex(r[3]) + " needs " + std::to_string(want) +
                                         " data bytes, has " + std::to_string(length));
            return Unit{};
        };
        switch (r[3]) {
            case data_record: {
                if (length == 0)
                    return Unit{};
                const std::uint64_t address = base + offset;
                if (address + length > (std::uint64_t{1} << 32))
                    return bad_hex(line, "data at " + hex(address) + " extends beyond 4 GiB");
                segments.push_back(Segment{address, line, Bytes(r.begin() + 4, r.end() - 1)});
                return Unit{};
            }
            case eof_record:
                seen_eof = true;
                return Unit{};
            case extended_segment:
                if (auto s = expect_length(2); !s)
                    return s;
                base = std::uint64_t{be_value(r)} << 4;
                return Unit{};
            case extended_linear:
                if (auto s = expect_length(2); !s)
                    return s;
                base = std::uint64_t{be_value(r)} << 16;
                return Unit{};
            case start_segment:
                if (auto s = expect_length(4); !s)
                    return s;
                image.start_segment_address = be_value(r);
                return Unit{};
            case start_linear:
                if (auto s = expect_length(4); !s)
                    return s;
                image.start_linear_address = be_value(r);
                return Unit{};
            default:
                return bad_hex(line, "unknown record type " + hex(r[3]));
        }
    }

    // Sorts the data records, rejects overlaps and lays them out over a 0xFF background.
    Status assemble() {
        if (segments.empty())
            return Error{Errc::bad_hex, "no data records"};
        std::stable_sort(segments.begin(), segments.end(),
                         [](const Segment& a, const Segment& b) { return a.address < b.address; });
        for (std::size_t i = 1; i < segments.size(); ++i) {
            const Segment& prev = segments[i - 1];
            if (segments[i].address < prev.address + prev.bytes.size())
                return bad_hex(segments[i].line,
                               "data at " + hex(segments[i].address) + " overlaps line " +
                                   std::to_string(prev.line) + " (" + hex(prev.address) + ".." +
                                   hex(prev.address + prev.bytes.size() - 1) + ")");
        }
        const std::uint64_t low = segments.front().address;
        std::uint64_t high = 0;
        for (const Segment& s : segments)
            high = std::max<std::uint64_t>(high, s.address + s.bytes.size());
        if (high - low > options.max_image_size)
            return Error{Errc::bad_hex, "data spans " + hex(high - low) + " bytes from " +
                                            hex(low) + ", more than the limit of " +
                                            hex(options.max_image_size)};
        image.base_address = static_cast<std::uint32_t>(low);
        image.data.assign(static_cast<std::size_t>(high - low), 0xff);
        for (const Segment& s : segments)
            std::copy(s.bytes.begin(), s.bytes.end(),
                      image.data.begin() + static_cast<std::ptrdiff_t>(s.address - low));
        return Unit{};
    }
};

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    return s;
}

}  // namespace

Result<HexImage> parse_intel_hex(std::string_view text, const HexOptions& options) {
    Parser parser{options};
    std::size_t line_number = 0;
    while (!text.empty()) {
        const std::size_t nl = text.find('\n');
        const std::string_view line = trim(text.substr(0, nl));
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        ++line_number;
        if (line.empty())
            continue;
        if (parser.seen_eof)
            return bad_hex(line_number, "content after the EOF record");
        if (line.front() != ':')
            return bad_hex(line_number, "record does not start with ':'");
        auto record = decode_record(line.substr(1), line_number);
        if (!record)
            return std::move(record).error();
        if (auto s = parser.record(*record, line_number); !s)
            return std::move(s).error();
    }
    if (!parser.seen_eof)
        return bad_hex(line_number, "missing EOF record (:00000001FF)");
    if (auto s = parser.assemble(); !s)
        return std::move(s).error();
    return std::move(parser.image);
}

bool looks_like_intel_hex(ByteView content) noexcept {
    for (std::uint8_t c : content) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        return c == ':';
    }
    return false;
}

}  // namespace smp::mcuboot
