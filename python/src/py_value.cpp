// SPDX-License-Identifier: Apache-2.0
// Python objects <-> CBOR values (see py_value.hpp).
#include "py_value.hpp"

#include <nanobind/stl/string.h>

#include <cstdint>
#include <string>

namespace smp::python {

namespace {

cbor::Value int_value(nb::handle object) {
    // Negative values fit int64; non-negative ones may need the unsigned range.
    std::int64_t signed_value = 0;
    if (nb::try_cast(object, signed_value))
        return signed_value;
    std::uint64_t unsigned_value = 0;
    if (nb::try_cast(object, unsigned_value))
        return unsigned_value;
    throw nb::value_error("an int in an SMP payload must fit 64 bits");
}

// bytes, bytearray or memoryview: copied through bytes(object).
cbor::Value bytes_value(nb::handle object) {
    const auto data = nb::steal<nb::bytes>(PyBytes_FromObject(object.ptr()));
    if (!data.is_valid())
        throw nb::python_error();
    const auto* begin = static_cast<const std::uint8_t*>(data.data());
    return cbor::Value::binary(std::vector<std::uint8_t>(begin, begin + data.size()));
}

cbor::Value map_value(nb::handle object) {
    auto map = cbor::Value::object();
    for (auto [key, item] : nb::borrow<nb::dict>(object)) {
        if (!nb::isinstance<nb::str>(key))
            throw nb::type_error("SMP payload map keys must be str");
        map[nb::cast<std::string>(key)] = to_value(item);
    }
    return map;
}

cbor::Value array_value(nb::handle object) {
    auto array = cbor::Value::array();
    for (nb::handle item : object)
        array.push_back(to_value(item));
    return array;
}

nb::object binary_object(const cbor::Value& value) {
    const auto& data = value.get_binary();
    return nb::bytes(reinterpret_cast<const char*>(data.data()), data.size());
}

}  // namespace

cbor::Value to_value(nb::handle object) {
    if (object.is_none())
        return nullptr;
    if (nb::isinstance<nb::bool_>(object))  // before int: bool is an int subclass
        return nb::cast<bool>(object);
    if (nb::isinstance<nb::int_>(object))
        return int_value(object);
    if (nb::isinstance<nb::float_>(object))
        return nb::cast<double>(object);
    if (nb::isinstance<nb::str>(object))
        return nb::cast<std::string>(object);
    if (nb::isinstance<nb::bytes>(object) || nb::isinstance<nb::bytearray>(object) ||
        PyMemoryView_Check(object.ptr()))
        return bytes_value(object);
    if (nb::isinstance<nb::dict>(object))
        return map_value(object);
    if (nb::isinstance<nb::list>(object) || nb::isinstance<nb::tuple>(object))
        return array_value(object);
    throw nb::type_error(
        "an SMP payload holds None, bool, int, float, str, bytes, dict and "
        "list values only");
}

nb::object to_python(const cbor::Value& value) {
    using Type = cbor::Value::value_t;
    switch (value.type()) {
        case Type::boolean:
            return nb::bool_(value.get<bool>());
        case Type::number_integer:
            return nb::int_(value.get<std::int64_t>());
        case Type::number_unsigned:
            return nb::int_(value.get<std::uint64_t>());
        case Type::number_float:
            return nb::float_(value.get<double>());
        case Type::string:
            return nb::str(value.get_ref<const std::string&>().c_str(),
                           value.get_ref<const std::string&>().size());
        case Type::binary:
            return binary_object(value);
        case Type::array: {
            nb::list list;
            for (const auto& item : value)
                list.append(to_python(item));
            return list;
        }
        case Type::object: {
            nb::dict dict;
            for (const auto& [key, item] : value.items())
                dict[nb::str(key.c_str(), key.size())] = to_python(item);
            return dict;
        }
        default:  // null, discarded
            return nb::none();
    }
}

}  // namespace smp::python
