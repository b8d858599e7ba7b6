# SPDX-License-Identifier: Apache-2.0
# Builds with zig's clang, its libc++ (linked statically) and its bundled C libraries (PyPI's
# ziglang) for a target named the way zig names them:
#   aarch64-macos.11.0, x86_64-macos.11.0  macOS from Linux: no Apple SDK, so only libSystem
#                                          (libc, termios, CommonCrypto) and no frameworks
#                                          (scripts/build-macos.sh)
#   x86_64-linux-gnu.2.17                  Linux binaries that run on glibc 2.17 or newer, the
#                                          manylinux2014 floor (scripts/build-release.sh)
# Inputs, which those scripts set:
#   SMP_ZIG_TARGET   the target above; the C library version in it is the oldest one supported
#   SMP_ZIG_BIN_DIR  holds the wrappers cc, c++, ar and ranlib that run `python -m ziglang ...`
#                    with the target (CMake wants one executable per tool, zig is one
#                    executable with subcommands)
# The header-only dependencies (Asio, nlohmann-json, CLI11, fmt) come staged from Debian's
# packages (cmake/SmpCrossDependencies.cmake), never from /usr/include, whose glibc headers
# are the build host's and not the target's.
foreach(var SMP_ZIG_TARGET SMP_ZIG_BIN_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "zig.cmake needs -D${var}=... (scripts/build-macos.sh and "
                        "scripts/build-release.sh set it)")
  endif()
endforeach()
# try_compile projects (FindThreads, compiler checks) read this file again: hand them the inputs.
set(CMAKE_TRY_COMPILE_PLATFORM_VARIABLES SMP_ZIG_TARGET SMP_ZIG_BIN_DIR)

if(NOT SMP_ZIG_TARGET MATCHES "^(aarch64|x86_64)-(macos|linux)")
  message(FATAL_ERROR "SMP_ZIG_TARGET: expected aarch64|x86_64-macos|linux..., not '${SMP_ZIG_TARGET}'")
endif()
set(smp_zig_arch ${CMAKE_MATCH_1})
if(CMAKE_MATCH_2 STREQUAL "macos")
  set(CMAKE_SYSTEM_NAME Darwin)
  # Apple's own names, as CMAKE_SYSTEM_PROCESSOR reads on a Mac of that kind.
  string(REPLACE aarch64 arm64 CMAKE_SYSTEM_PROCESSOR ${smp_zig_arch})
else()
  # Set, even on a Linux host: the build is then a cross build, which keeps the host's
  # libraries and headers out (below) and stages the dependencies.
  set(CMAKE_SYSTEM_NAME Linux)
  set(CMAKE_SYSTEM_PROCESSOR ${smp_zig_arch})
endif()

set(CMAKE_C_COMPILER "${SMP_ZIG_BIN_DIR}/cc")
set(CMAKE_CXX_COMPILER "${SMP_ZIG_BIN_DIR}/c++")
set(CMAKE_AR "${SMP_ZIG_BIN_DIR}/ar")
set(CMAKE_RANLIB "${SMP_ZIG_BIN_DIR}/ranlib")

# No headers, libraries or packages of the build host: the search root is the wrappers'
# directory, which holds none. Programs (python, git) come from the host.
set(CMAKE_FIND_ROOT_PATH "${SMP_ZIG_BIN_DIR}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
