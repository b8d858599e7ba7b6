# SPDX-License-Identifier: Apache-2.0
# Cross-compiling for 64-bit Windows with Debian's MinGW-w64 GCC (g++-mingw-w64-x86-64-posix).
# The posix-threads variant, because the win32 one has no std::thread or std::mutex, which Asio
# and our I/O thread need. Programs run here under Wine (CMAKE_CROSSCOMPILING_EMULATOR), so
# ctest runs the Windows unit tests as .exe files.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(SMP_MINGW_TRIPLE x86_64-w64-mingw32)

set(CMAKE_C_COMPILER ${SMP_MINGW_TRIPLE}-gcc-posix)
set(CMAKE_CXX_COMPILER ${SMP_MINGW_TRIPLE}-g++-posix)
set(CMAKE_RC_COMPILER ${SMP_MINGW_TRIPLE}-windres)

# Only the MinGW sysroot for libraries and headers: Debian's /usr/include holds glibc's headers,
# which must never reach a Windows build. The header-only dependencies are staged by
# cmake/SmpCrossDependencies.cmake instead.
set(CMAKE_FIND_ROOT_PATH /usr/${SMP_MINGW_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# No DLL beside the programs but Windows' own: the C++ runtime, libgcc and winpthread are linked
# in statically (checked with objdump -p by scripts/build-windows.sh).
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -static-libgcc -static-libstdc++")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-static-libgcc -static-libstdc++")

# Windows 10 and later: the API level Asio and our port listing (SetupAPI, CfgMgr32) target.
add_compile_definitions(_WIN32_WINNT=0x0A00 WIN32_LEAN_AND_MEAN NOMINMAX)

# ctest runs each .exe through Wine, in a quiet prefix of our own (wine-run.sh).
set(CMAKE_CROSSCOMPILING_EMULATOR ${CMAKE_CURRENT_LIST_DIR}/wine-run.sh)
