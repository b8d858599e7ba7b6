// SPDX-License-Identifier: Apache-2.0
#pragma once
// A Python object that C++ code on the I/O thread may copy and drop: the last copy is
// released with the GIL held, so callbacks can live in std::function objects there.
#include <nanobind/nanobind.h>

#include <memory>

namespace smp::python {

namespace nb = nanobind;

class SharedObject {
  public:
    /// Takes a reference; call with the GIL held.
    explicit SharedObject(nb::object object)
        : object_(new nb::object(std::move(object)), [](nb::object* o) {
              nb::gil_scoped_acquire gil;
              delete o;
          }) {}

    /// The object; use with the GIL held.
    nb::handle get() const { return *object_; }
    bool is_none() const { return object_->is_none(); }

  private:
    std::shared_ptr<nb::object> object_;
};

}  // namespace smp::python
