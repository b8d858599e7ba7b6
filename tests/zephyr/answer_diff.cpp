// SPDX-License-Identifier: Apache-2.0
#include "answer_diff.hpp"

#include <smp/protocol/cbor.hpp>
#include <smp/protocol/header.hpp>

#include <set>
#include <sstream>

namespace smp_zephyr {

namespace {

using smp::cbor::Value;

std::string type_of(const Value& v) {
    if (v.is_binary())
        return "bytes";
    if (v.is_number_integer())
        return "int";  // CBOR has one integer type: the sign is a value, not a shape
    return v.type_name();
}

std::string text_of(const Value& v) {
    auto text = v.dump();
    return text.size() > 600 ? text.substr(0, 597) + "..." : text;
}

void diff_values(const std::string& path, const Value& real, const Value& emulated,
                 std::vector<Difference>& out) {
    if (type_of(real) != type_of(emulated)) {
        out.push_back({path, Difference::Kind::shape, type_of(real) + " " + text_of(real),
                       type_of(emulated) + " " + text_of(emulated)});
        return;
    }
    const std::string prefix = path == "/" ? "" : path;
    if (real.is_object()) {
        std::set<std::string> keys;
        for (const auto& [k, v] : real.items())
            keys.insert(k);
        for (const auto& [k, v] : emulated.items())
            keys.insert(k);
        for (const auto& k : keys) {
            const auto r = real.find(k);
            const auto e = emulated.find(k);
            if (r != real.end() && e != emulated.end())
                diff_values(prefix + "/" + k, *r, *e, out);
            else
                out.push_back({prefix + "/" + k, Difference::Kind::shape,
                               r != real.end() ? text_of(*r) : "(absent)",
                               e != emulated.end() ? text_of(*e) : "(absent)"});
        }
        return;
    }
    if (real.is_array() && real.size() != emulated.size()) {
        out.push_back({path, Difference::Kind::shape, text_of(real), text_of(emulated)});
        return;
    }
    if (real.is_array()) {
        for (std::size_t i = 0; i < real.size(); ++i)
            diff_values(prefix + "/" + std::to_string(i), real[i], emulated[i], out);
        return;
    }
    if (real != emulated)
        out.push_back({path, Difference::Kind::value, text_of(real), text_of(emulated)});
}

struct Parsed {
    std::optional<smp::Header> header{};
    std::optional<Value> body{};  ///< nullopt when the payload is not CBOR
};

Parsed parse(const smp::Bytes& answer) {
    Parsed p{smp::decode_header(answer), std::nullopt};
    if (!p.header || answer.size() < smp::header_size)
        return p;
    if (auto body = smp::cbor::decode(smp::ByteView(answer).subspan(smp::header_size)))
        p.body = std::move(*body);
    return p;
}

Value header_fields(const smp::Header& h) {
    return Value{{"op", static_cast<int>(h.op)},
                 {"version", static_cast<int>(h.version)},
                 {"flags", h.flags},
                 {"group", h.group},
                 {"sequence", h.sequence},
                 {"command", h.command}};
}

}  // namespace

std::vector<Difference> diff_answers(const std::optional<smp::Bytes>& real,
                                     const std::optional<smp::Bytes>& emulated) {
    std::vector<Difference> out;
    if (!real || !emulated) {
        if (real.has_value() != emulated.has_value())
            out.push_back(
                {"/", Difference::Kind::shape, describe_answer(real), describe_answer(emulated)});
        return out;
    }
    const auto r = parse(*real);
    const auto e = parse(*emulated);
    if (!r.header || !e.header || !r.body || !e.body) {
        if (*real != *emulated)
            out.push_back(
                {"/", Difference::Kind::shape, describe_answer(real), describe_answer(emulated)});
        return out;
    }
    diff_values("/header", header_fields(*r.header), header_fields(*e.header), out);
    diff_values("/", *r.body, *e.body, out);
    return out;
}

std::string describe_answer(const std::optional<smp::Bytes>& answer) {
    if (!answer)
        return "(no answer)";
    // A stream, not string concatenation: g++ -O3 sees false overlaps (-Wrestrict) in the
    // latter.
    std::ostringstream text;
    const auto p = parse(*answer);
    if (!p.header) {
        text << "(" << answer->size() << " bytes, no valid header)";
        return text.str();
    }
    text << header_fields(*p.header).dump() << " "
         << (p.body ? text_of(*p.body) : "(payload not CBOR)");
    return text.str();
}

}  // namespace smp_zephyr
