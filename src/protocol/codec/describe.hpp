// SPDX-License-Identifier: Apache-2.0
#pragma once
// How typed messages map to CBOR maps. Each message struct gets a Describe<T> specialisation
// listing its fields; the generic functions below encode and decode any described struct.
// Private to the library: it includes nlohmann/json, which public headers avoid.
//
//   template <> struct Describe<os::Echo> {
//       static constexpr std::string_view name = "os::Echo";
//       static constexpr auto fields = std::make_tuple(field("d", &os::Echo::d));
//   };
//
// Field rules: a std::optional<X> member is optional (absent <-> nullopt); a plain member is
// required unless declared with `defaulted(...)`, in which case a missing key keeps the
// default value and the value is always encoded. Unknown keys land in a member named
// `extra` of type smp::Extra when the struct has one. A response whose own fields include a
// top-level "rc" may set `static constexpr std::string_view rc_is_result_with = "<key>"`:
// when that key is present, decode_response reads "rc" as data, not as a device error.
#include <smp/protocol/cbor.hpp>
#include <smp/protocol/message.hpp>

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <variant>
#include <vector>

namespace smp::codec {

using Value = cbor::Value;

template <class T>
struct Describe;  // specialised per message type

template <class S, class M>
struct Field {
    std::string_view key;
    M S::*member;
    bool required;
};

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};

template <class S, class M>
constexpr Field<S, M> field(std::string_view key, M S::*member) {
    return {key, member, !IsOptional<M>::value};
}
template <class S, class M>
constexpr Field<S, M> defaulted(std::string_view key, M S::*member) {
    return {key, member, false};
}

template <class T>
concept IsVector = requires {
    typename T::value_type;
}
&&std::same_as<T, std::vector<typename T::value_type>>;

template <class T>
concept IsStringMap = requires {
    typename T::mapped_type;
}
&&std::same_as<T, std::map<std::string, typename T::mapped_type>>;

template <class T>
struct IsVariantType : std::false_type {};
template <class... A>
struct IsVariantType<std::variant<A...>> : std::true_type {};
template <class T>
concept IsVariant = IsVariantType<T>::value;

template <class T>
concept Described = requires {
    Describe<T>::fields;
};

template <class T>
concept HasExtra = requires(T t) {
    { t.extra } -> std::same_as<Extra&>;
};

// ---- encoding --------------------------------------------------------------------------

template <class T>
Value to_value(const T& v);

template <class T>
Value to_value_impl(const T& v) {
    if constexpr (std::is_same_v<T, bool>) {
        return Value(v);
    } else if constexpr (std::is_integral_v<T>) {
        if constexpr (std::is_signed_v<T>) {
            return Value(static_cast<std::int64_t>(v));
        } else {
            return Value(static_cast<std::uint64_t>(v));
        }
    } else if constexpr (std::is_same_v<T, std::string>) {
        return Value(v);
    } else if constexpr (std::is_same_v<T, Bytes>) {
        return cbor::bytes(v);
    } else if constexpr (std::is_same_v<T, Value>) {
        return v;
    } else if constexpr (IsVector<T>) {
        Value out = Value::array();
        for (const auto& item : v)
            out.push_back(to_value(item));
        return out;
    } else if constexpr (IsStringMap<T>) {
        Value out = Value::object();
        for (const auto& [key, item] : v)
            out[key] = to_value(item);
        return out;
    } else if constexpr (IsVariant<T>) {
        return std::visit([](const auto& alt) { return to_value(alt); }, v);
    } else {
        static_assert(Described<T>, "no CBOR mapping for this type: add a Describe<T>");
        Value out = Value::object();
        std::apply(
            [&](const auto&... f) {
                (
                    [&] {
                        const auto& member = v.*(f.member);
                        if constexpr (IsOptional<std::remove_cvref_t<decltype(member)>>::value) {
                            if (member)
                                out[std::string(f.key)] = to_value(*member);
                        } else {
                            out[std::string(f.key)] = to_value(member);
                        }
                    }(),
                    ...);
            },
            Describe<T>::fields);
        if constexpr (HasExtra<T>) {
            if (!v.extra.empty()) {
                const Value unknown = cbor::to_value(v.extra);
                for (const auto& [key, item] : unknown.items()) {
                    if (!out.contains(key))
                        out[key] = item;
                }
            }
        }
        return out;
    }
}

template <class T>
Value to_value(const T& v) {
    return to_value_impl(v);
}

// ---- decoding --------------------------------------------------------------------------

/// Decoding failure: `where` is the key path, `what` the expectation.
struct DecodeFailure {
    std::string where;
    std::string what;
};
using DecodeStatus = std::optional<DecodeFailure>;

inline DecodeStatus fail(std::string what) {
    return DecodeFailure{{}, std::move(what)};
}

/// Places a failure inside `outer` (a key, or "[i]"): where "x" becomes "outer.x", "" becomes
/// "outer". Appended piece by piece on purpose: `"." + where` (operator+(const char*,
/// std::string&&)) makes g++ 12 at -O3 report a bogus -Wrestrict memcpy of 2^63 bytes inside
/// char_traits.h (GCC bug 105651), which breaks -Werror builds.
inline void nest_where(DecodeFailure& failure, std::string_view outer) {
    std::string where;
    where.reserve(outer.size() + 1 + failure.where.size());
    where.append(outer);
    if (!failure.where.empty()) {
        where += '.';
        where += failure.where;
    }
    failure.where = std::move(where);
}
inline void nest_where(DecodeFailure& failure, std::size_t index) {
    std::string outer;
    outer += '[';
    outer += std::to_string(index);
    outer += ']';
    nest_where(failure, outer);
}

template <class T>
DecodeStatus from_value(const Value& in, T& out);

template <class Int>
DecodeStatus int_from_value(const Value& in, Int& out) {
    if (!in.is_number_integer())
        return fail("expected an integer");
    if (in.is_number_unsigned()) {
        const auto u = in.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(std::numeric_limits<Int>::max()))
            return fail("integer out of range");
        out = static_cast<Int>(u);
        return std::nullopt;
    }
    const auto s = in.get<std::int64_t>();
    if constexpr (std::is_unsigned_v<Int>) {
        if (s < 0)
            return fail("expected an unsigned integer");
        if (static_cast<std::uint64_t>(s) > std::numeric_limits<Int>::max())
            return fail("integer out of range");
    } else {
        if (s < std::numeric_limits<Int>::min() || s > std::numeric_limits<Int>::max()) {
            return fail("integer out of range");
        }
    }
    out = static_cast<Int>(s);
    return std::nullopt;
}

template <class T>
DecodeStatus struct_from_value(const Value& in, T& out) {
    if (!in.is_object())
        return fail("expected a map");
    DecodeStatus status;
    auto decode_field = [&](const auto& f) {
        if (status)
            return;
        auto& member = out.*(f.member);
        using M = std::remove_cvref_t<decltype(member)>;
        auto it = in.find(std::string(f.key));
        if (it == in.end()) {
            if (f.required)
                status = DecodeFailure{std::string(f.key), "missing"};
            return;
        }
        if constexpr (IsOptional<M>::value) {
            member.emplace();
            status = from_value(*it, *member);
        } else {
            status = from_value(*it, member);
        }
        if (status)
            nest_where(*status, f.key);
    };
    std::apply([&](const auto&... f) { (decode_field(f), ...); }, Describe<T>::fields);
    if (status)
        return status;
    if constexpr (HasExtra<T>) {
        Value unknown = Value::object();
        for (const auto& entry : in.items()) {
            const std::string& key = entry.key();
            bool known = false;
            std::apply([&](const auto&... f) { ((known = known || f.key == key), ...); },
                       Describe<T>::fields);
            if (!known)
                unknown[key] = entry.value();
        }
        out.extra.cbor = unknown.empty() ? Bytes{} : cbor::encode(unknown);
    }
    return std::nullopt;
}

template <class V, std::size_t I = 0>
DecodeStatus variant_from_value(const Value& in, V& out) {
    if constexpr (I == std::variant_size_v<V>) {
        return fail("value of an unexpected type");
    } else {
        std::variant_alternative_t<I, V> alt{};
        if (!from_value(in, alt)) {
            out = std::move(alt);
            return std::nullopt;
        }
        return variant_from_value<V, I + 1>(in, out);
    }
}

template <class T>
DecodeStatus from_value(const Value& in, T& out) {
    if constexpr (std::is_same_v<T, bool>) {
        if (!in.is_boolean())
            return fail("expected a boolean");
        out = in.get<bool>();
        return std::nullopt;
    } else if constexpr (std::is_integral_v<T>) {
        return int_from_value(in, out);
    } else if constexpr (std::is_same_v<T, std::string>) {
        if (!in.is_string())
            return fail("expected a text string");
        out = in.get<std::string>();
        return std::nullopt;
    } else if constexpr (std::is_same_v<T, Bytes>) {
        if (!in.is_binary())
            return fail("expected a byte string");
        const auto& bin = in.get_binary();
        out.assign(bin.begin(), bin.end());
        return std::nullopt;
    } else if constexpr (std::is_same_v<T, Value>) {
        out = in;
        return std::nullopt;
    } else if constexpr (IsVector<T>) {
        if (!in.is_array())
            return fail("expected an array");
        out.clear();
        out.reserve(in.size());
        for (std::size_t i = 0; i < in.size(); ++i) {
            typename T::value_type item{};
            if (auto s = from_value(in[i], item)) {
                nest_where(*s, i);
                return s;
            }
            out.push_back(std::move(item));
        }
        return std::nullopt;
    } else if constexpr (IsStringMap<T>) {
        if (!in.is_object())
            return fail("expected a map");
        out.clear();
        for (const auto& [key, item] : in.items()) {
            typename T::mapped_type value{};
            if (auto s = from_value(item, value)) {
                nest_where(*s, key);
                return s;
            }
            out.emplace(key, std::move(value));
        }
        return std::nullopt;
    } else if constexpr (IsVariant<T>) {
        return variant_from_value(in, out);
    } else {
        return struct_from_value(in, out);
    }
}

/// Error for a decode failure of message type `type_name`.
Error decode_error(std::string_view type_name, const DecodeFailure& failure);

/// Device error in a decoded response map, if any (rc != 0, or err{group, rc}). With
/// `rc_is_result`, a top-level rc is part of the response, not an error (only err counts).
std::optional<DeviceError> device_error_in(const Value& map, bool rc_is_result = false);

/// Whether T's response carries its own top-level "rc" in this map: a Describe<T> may name,
/// as `rc_is_result_with`, a key whose presence means so (shell exec on legacy devices).
template <class T>
bool rc_is_result(const Value& map) {
    if constexpr (requires { Describe<T>::rc_is_result_with; }) {
        return map.is_object() && map.contains(std::string(Describe<T>::rc_is_result_with));
    } else {
        return false;
    }
}

template <class T>
Result<T> decode_typed(const Value& map, std::string_view type_name) {
    T out{};
    if (auto failure = from_value(map, out))
        return decode_error(type_name, *failure);
    return out;
}

}  // namespace smp::codec

// The public templates of smp/protocol/message.hpp, instantiated per type by SMP_DEFINE_CODEC.
template <class T>
smp::Bytes smp::encode_payload(const T& message) {
    return cbor::encode(codec::to_value(message));
}

template <class T>
smp::Result<T> smp::decode_payload(ByteView bytes) {
    auto map = cbor::decode(bytes);
    if (!map)
        return std::move(map).error();
    return codec::decode_typed<T>(*map, codec::Describe<T>::name);
}

template <class T>
smp::Result<T> smp::decode_response(ByteView bytes) {
    auto map = cbor::decode(bytes);
    if (!map)
        return std::move(map).error();
    if (auto device = codec::device_error_in(*map, codec::rc_is_result<T>(*map))) {
        return Error{make_error_code(*device), {}, std::move(*device)};
    }
    return codec::decode_typed<T>(*map, codec::Describe<T>::name);
}

/// Explicitly instantiates the codec of T (in the .cpp that holds Describe<T>).
#define SMP_DEFINE_CODEC(T)                                            \
    template ::smp::Bytes smp::encode_payload<T>(const T&);            \
    template ::smp::Result<T> smp::decode_payload<T>(::smp::ByteView); \
    template ::smp::Result<T> smp::decode_response<T>(::smp::ByteView);
