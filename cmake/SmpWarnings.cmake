# SPDX-License-Identifier: Apache-2.0
# Strict warnings on our own targets only (never on third-party headers, which come in as SYSTEM).
# Everything here is PRIVATE to the target: nothing reaches INTERFACE_COMPILE_OPTIONS, so a
# program that links us, installed or embedded, never inherits our warning set or -Werror
# (tests/package checks both consumers).
function(smp_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                           -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough)
  # Optimised g++ 12 builds (Release, RelWithDebInfo, MinSizeRel) report
  # std::vector<uint8_t>::insert as overflowing a region of size 0, std::variant members as
  # maybe-uninitialized and Asio's coroutine frame operator delete as mismatched: false
  # positives of its middle-end after inlining library and Asio code (seen here in header.cpp,
  # upload.cpp). Debug keeps them. The other g++ 12 false positive that Release (-O3) showed,
  # a bogus -Wrestrict (GCC bug 105651) or -Warray-bounds memcpy inside `"x" + std::string&&`,
  # is not silenced: those warnings also find real overlaps and overruns, so our code builds
  # such strings by appending instead (describe.hpp nest_where, ImageVersion::to_string).
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE
      $<$<NOT:$<CONFIG:Debug>>:-Wno-stringop-overflow -Wno-maybe-uninitialized -Wno-mismatched-new-delete>)
  endif()
  # Opt-in (SMP_WARNINGS_AS_ERRORS, ON in our presets and CI). CMake's own property rather than
  # a bare -Werror: it is never transitive, and `cmake --compile-no-warning-as-error` still
  # overrides it for a one-off build. Left unset when OFF, so CMAKE_COMPILE_WARNING_AS_ERROR
  # from the user still applies.
  if(SMP_WARNINGS_AS_ERRORS)
    set_property(TARGET ${target} PROPERTY COMPILE_WARNING_AS_ERROR ON)
  endif()
endfunction()
