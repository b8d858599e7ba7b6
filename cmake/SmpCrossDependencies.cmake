# SPDX-License-Identifier: Apache-2.0
# Dependencies of a cross build (Windows with MinGW-w64, macOS with zig) from the same Debian
# packages as the native one. Asio, nlohmann-json, CLI11 and fmt are header-only (fmt in its
# FMT_HEADER_ONLY mode), GoogleTest is built from Debian's source package (/usr/src/googletest).
# Their headers are staged as links in the build tree, never by adding /usr/include, which would
# put glibc's headers in front of the target's own C library. Each gets a small package
# configuration there, so the find_package() calls of the tree stay as they are.
set(SMP_CROSS_INCLUDE_DIR ${CMAKE_BINARY_DIR}/smp-cross/include)
set(SMP_CROSS_PACKAGES_DIR ${CMAKE_BINARY_DIR}/smp-cross/packages)
set(SMP_HOST_INCLUDE_DIR /usr/include CACHE PATH "Where the Debian -dev packages put their headers")
file(MAKE_DIRECTORY ${SMP_CROSS_INCLUDE_DIR})

foreach(entry asio asio.hpp nlohmann CLI fmt)
  if(EXISTS ${SMP_HOST_INCLUDE_DIR}/${entry})
    file(CREATE_LINK ${SMP_HOST_INCLUDE_DIR}/${entry} ${SMP_CROSS_INCLUDE_DIR}/${entry} SYMBOLIC)
  endif()
endforeach()
foreach(required asio.hpp nlohmann/json.hpp CLI/CLI.hpp fmt/format-inl.h)
  if(NOT EXISTS ${SMP_CROSS_INCLUDE_DIR}/${required})
    message(FATAL_ERROR "cross build: ${SMP_HOST_INCLUDE_DIR}/${required} is missing "
                        "(scripts/install-deps.sh installs the Debian packages)")
  endif()
endforeach()
set(SMP_ASIO_INCLUDE_DIR ${SMP_CROSS_INCLUDE_DIR} CACHE PATH "Asio's headers" FORCE)

# smp_cross_package(<name> <config body>): a package configuration that find_package(<name>)
# takes through <name>_DIR.
function(smp_cross_package name body)
  file(WRITE ${SMP_CROSS_PACKAGES_DIR}/${name}/${name}Config.cmake "${body}")
  set(${name}_DIR ${SMP_CROSS_PACKAGES_DIR}/${name} CACHE PATH "" FORCE)
endfunction()

smp_cross_package(nlohmann_json "
if(NOT TARGET nlohmann_json::nlohmann_json)
  add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
  set_target_properties(nlohmann_json::nlohmann_json PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES ${SMP_CROSS_INCLUDE_DIR})
endif()
set(nlohmann_json_VERSION 3.11.2)
")
set(nlohmann_json_VERSION 3.11.2)
file(WRITE ${SMP_CROSS_PACKAGES_DIR}/nlohmann_json/nlohmann_jsonConfigVersion.cmake
     "set(PACKAGE_VERSION 3.11.2)\nset(PACKAGE_VERSION_COMPATIBLE TRUE)\n")

smp_cross_package(CLI11 "
if(NOT TARGET CLI11::CLI11)
  add_library(CLI11::CLI11 INTERFACE IMPORTED)
  set_target_properties(CLI11::CLI11 PROPERTIES INTERFACE_INCLUDE_DIRECTORIES ${SMP_CROSS_INCLUDE_DIR})
endif()
")

smp_cross_package(fmt "
if(NOT TARGET fmt::fmt)
  add_library(fmt::fmt INTERFACE IMPORTED)
  set_target_properties(fmt::fmt PROPERTIES INTERFACE_INCLUDE_DIRECTORIES ${SMP_CROSS_INCLUDE_DIR}
    INTERFACE_COMPILE_DEFINITIONS FMT_HEADER_ONLY=1)
endif()
")

# GoogleTest, built for the target from Debian's sources (libgtest-dev ships them).
if(SMP_BUILD_TESTS AND NOT TARGET gtest)
  set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
  set(gtest_force_shared_crt ON CACHE BOOL "" FORCE)
  add_subdirectory(/usr/src/googletest ${CMAKE_BINARY_DIR}/smp-cross/googletest EXCLUDE_FROM_ALL)
  smp_cross_package(GTest "
if(NOT TARGET GTest::gtest)
  add_library(GTest::gtest ALIAS gtest)
  add_library(GTest::gtest_main ALIAS gtest_main)
  add_library(GTest::gmock ALIAS gmock)
endif()
")
endif()
