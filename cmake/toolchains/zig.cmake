# Cross-compiles for macOS (Darwin) from Linux with zig's clang, libc++ and bundled macOS libc
# (PyPI's ziglang): no Apple SDK, so only libSystem (libc, termios, CommonCrypto) and no
# frameworks. scripts/build-macos.sh prepares the two inputs and is the supported way in:
#   SMP_MACOS_ARCH   aarch64 or x86_64 (zig's names; the target triple is <arch>-macos)
#   SMP_ZIG_BIN_DIR  holds the wrappers cc, c++, ar and ranlib that run `python -m ziglang ...`
#                    (CMake wants one executable per tool, zig is one executable with subcommands)
# The header-only dependencies (Asio, nlohmann-json, CLI11, fmt) come staged from Debian's
# packages (cmake/SmpCrossDependencies.cmake), never from /usr/include, whose glibc headers
# break a macOS build.
set(CMAKE_SYSTEM_NAME Darwin)

foreach(var SMP_MACOS_ARCH SMP_ZIG_BIN_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "zig-macos.cmake needs -D${var}=... (scripts/build-macos.sh sets it)")
  endif()
endforeach()
# try_compile projects (FindThreads, compiler checks) read this file again: hand them the inputs.
set(CMAKE_TRY_COMPILE_PLATFORM_VARIABLES SMP_MACOS_ARCH SMP_ZIG_BIN_DIR)

# Apple's own names, as CMAKE_SYSTEM_PROCESSOR reads on a Mac of that kind.
if(SMP_MACOS_ARCH STREQUAL "aarch64")
  set(CMAKE_SYSTEM_PROCESSOR arm64)
elseif(SMP_MACOS_ARCH STREQUAL "x86_64")
  set(CMAKE_SYSTEM_PROCESSOR x86_64)
else()
  message(FATAL_ERROR "SMP_MACOS_ARCH must be aarch64 or x86_64, not '${SMP_MACOS_ARCH}'")
endif()

set(CMAKE_C_COMPILER "${SMP_ZIG_BIN_DIR}/cc")
set(CMAKE_CXX_COMPILER "${SMP_ZIG_BIN_DIR}/c++")
set(CMAKE_AR "${SMP_ZIG_BIN_DIR}/ar")
set(CMAKE_RANLIB "${SMP_ZIG_BIN_DIR}/ranlib")

# No headers, libraries or packages of the build host (its /usr is Linux's): the search root is
# the wrappers' directory, which holds none. Programs (python, git) come from the host.
set(CMAKE_FIND_ROOT_PATH "${SMP_ZIG_BIN_DIR}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
