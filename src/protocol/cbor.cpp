// SPDX-License-Identifier: Apache-2.0
// CBOR decoding with hard limits, on nlohmann's SAX parser. The DOM is built by nlohmann's
// own builder; this file only adds the limits nlohmann lacks (depth, declared lengths).
#include <smp/protocol/cbor.hpp>

#include <limits>

namespace smp::cbor {
namespace {

using DomBuilder = nlohmann::detail::json_sax_dom_parser<Value>;

/// Forwards SAX events to the DOM builder, refusing nesting beyond a bound and container
/// lengths that the remaining input cannot hold (each element needs at least one byte).
class LimitedSax {
  public:
    using number_integer_t = Value::number_integer_t;
    using number_unsigned_t = Value::number_unsigned_t;
    using number_float_t = Value::number_float_t;
    using string_t = Value::string_t;
    using binary_t = Value::binary_t;

    LimitedSax(Value& root, std::size_t input_size, std::size_t max_depth)
        : builder_(root, false), input_size_(input_size), max_depth_(max_depth) {}

    bool null() { return builder_.null(); }
    bool boolean(bool v) { return builder_.boolean(v); }
    bool number_integer(number_integer_t v) { return builder_.number_integer(v); }
    bool number_unsigned(number_unsigned_t v) { return builder_.number_unsigned(v); }
    bool number_float(number_float_t v, const string_t& s) { return builder_.number_float(v, s); }
    bool string(string_t& v) { return builder_.string(v); }
    bool binary(binary_t& v) { return builder_.binary(v); }
    bool key(string_t& v) { return builder_.key(v); }

    bool start_object(std::size_t elements) {
        if (!enter(elements, 2))
            return false;
        return builder_.start_object(elements);
    }
    bool end_object() {
        --depth_;
        return builder_.end_object();
    }
    bool start_array(std::size_t elements) {
        if (!enter(elements, 1))
            return false;
        return builder_.start_array(elements);
    }
    bool end_array() {
        --depth_;
        return builder_.end_array();
    }

    bool parse_error(std::size_t position, const std::string& token,
                     const nlohmann::detail::exception& ex) {
        error_ = "at byte " + std::to_string(position) + " (" + token + "): " + ex.what();
        return false;
    }

    const std::string& error() const { return error_; }

  private:
    bool enter(std::size_t elements, std::size_t bytes_per_element) {
        if (++depth_ > max_depth_) {
            error_ = "nesting deeper than " + std::to_string(max_depth_);
            return false;
        }
        const bool indefinite = elements == std::numeric_limits<std::size_t>::max();
        if (!indefinite && elements > input_size_ / bytes_per_element) {
            error_ = "declared length " + std::to_string(elements) + " exceeds the input";
            return false;
        }
        return true;
    }

    DomBuilder builder_;
    std::size_t input_size_;
    std::size_t max_depth_;
    std::size_t depth_ = 0;
    std::string error_;
};

void append(Bytes& out, const Bytes& more) {
    out.insert(out.end(), more.begin(), more.end());
}

void encode_indefinite_into(const Value& value, Bytes& out) {
    if (value.is_object()) {
        out.push_back(0xbf);
        for (const auto& [key, item] : value.items()) {
            append(out, Value::to_cbor(Value(key)));
            encode_indefinite_into(item, out);
        }
        out.push_back(0xff);
    } else if (value.is_array()) {
        out.push_back(0x9f);
        for (const auto& item : value)
            encode_indefinite_into(item, out);
        out.push_back(0xff);
    } else {
        append(out, Value::to_cbor(value));
    }
}

}  // namespace

Result<Value> decode(ByteView bytes, DecodeLimits limits) {
    if (bytes.empty())
        return Error{make_error_code(Errc::decode_error), "empty CBOR payload"};
    Value root;
    LimitedSax sax(root, bytes.size(), limits.max_depth);
    bool ok = false;
    try {
        ok = Value::sax_parse(as_chars(bytes), &sax, nlohmann::json::input_format_t::cbor,
                              true /* strict: the whole input is one item */);
    } catch (const std::exception& ex) {  // nlohmann may still throw from deep inside
        return Error{make_error_code(Errc::decode_error), std::string("CBOR: ") + ex.what()};
    }
    if (!ok) {
        return Error{make_error_code(Errc::decode_error),
                     "CBOR: " + (sax.error().empty() ? std::string("invalid item") : sax.error())};
    }
    return root;
}

Bytes encode(const Value& value) {
    return Value::to_cbor(value);
}

Bytes encode_indefinite(const Value& value) {
    Bytes out;
    encode_indefinite_into(value, out);
    return out;
}

Value bytes(ByteView data) {
    return Value::binary(Value::binary_t::container_type(data.begin(), data.end()));
}

Value to_value(const Extra& extra) {
    if (extra.empty())
        return Value::object();
    auto decoded = decode(extra.cbor);
    return decoded ? std::move(*decoded) : Value::object();
}

}  // namespace smp::cbor
