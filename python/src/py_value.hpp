// SPDX-License-Identifier: Apache-2.0
#pragma once
// Python objects <-> CBOR values (nlohmann::ordered_json, smp/protocol/cbor.hpp): how the
// raw request's payload goes in and every response comes out. Byte strings are `bytes`,
// maps are `dict` with `str` keys, arrays are `list`. Call with the GIL held.
#include <smp/protocol/cbor.hpp>

#include <nanobind/nanobind.h>

namespace smp::python {

namespace nb = nanobind;

/// None, bool, int, float, str, bytes/bytearray, dict (str keys), list/tuple. Throws
/// TypeError for anything else and for a non-str map key; ValueError for an int that does
/// not fit 64 bits.
cbor::Value to_value(nb::handle object);

nb::object to_python(const cbor::Value& value);

}  // namespace smp::python
