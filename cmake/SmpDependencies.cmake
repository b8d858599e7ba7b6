# SPDX-License-Identifier: Apache-2.0
# Every dependency comes from a Debian 12 package; scripts/install-deps.sh installs them.
if(CMAKE_CROSSCOMPILING)  # Windows (MinGW-w64), macOS (zig): the header-only ones, staged
  include(SmpCrossDependencies)
endif()
find_package(Threads REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)

# SHA-2 digests (src/mcuboot/digest_*.cpp): the platform's own crypto by default, or the in-tree
# FIPS 180-4 code for a platform with none. Exactly one backend is compiled; what it needs
# at link time comes with the INTERFACE target smp_crypto (installed as smpclient::crypto).
set(SMP_CRYPTO auto CACHE STRING
    "SHA-2 backend: auto (bcrypt on Windows, commoncrypto on macOS, openssl elsewhere), openssl, openssl-runtime (libcrypto loaded at run time, else builtin), bcrypt, commoncrypto or builtin")
set_property(CACHE SMP_CRYPTO PROPERTY STRINGS auto openssl openssl-runtime bcrypt commoncrypto builtin)
if(SMP_CRYPTO STREQUAL "auto")
  if(WIN32)
    set(SMP_CRYPTO_BACKEND bcrypt)
  elseif(APPLE)
    set(SMP_CRYPTO_BACKEND commoncrypto)
  else()
    set(SMP_CRYPTO_BACKEND openssl)
  endif()
elseif(SMP_CRYPTO MATCHES "^(openssl|openssl-runtime|bcrypt|commoncrypto|builtin)$")
  set(SMP_CRYPTO_BACKEND ${SMP_CRYPTO})
else()
  message(FATAL_ERROR "SMP_CRYPTO=${SMP_CRYPTO}: expected auto, openssl, openssl-runtime, bcrypt, commoncrypto or builtin")
endif()
message(STATUS "SHA-2 digests from: ${SMP_CRYPTO_BACKEND}")
if(SMP_CRYPTO_BACKEND STREQUAL "openssl")
  find_package(OpenSSL REQUIRED COMPONENTS Crypto)
endif()
if(NOT TARGET smp_crypto)
  add_library(smp_crypto INTERFACE)
  if(SMP_CRYPTO_BACKEND STREQUAL "openssl")
    target_link_libraries(smp_crypto INTERFACE OpenSSL::Crypto)
  elseif(SMP_CRYPTO_BACKEND STREQUAL "bcrypt")
    target_link_libraries(smp_crypto INTERFACE bcrypt)
  elseif(SMP_CRYPTO_BACKEND STREQUAL "openssl-runtime")
    target_link_libraries(smp_crypto INTERFACE ${CMAKE_DL_LIBS})
  endif()  # CommonCrypto is part of libSystem; builtin needs nothing
endif()

# Debian's libasio-dev (standalone Asio 1.22) ships no CMake package: wrap its headers.
find_path(SMP_ASIO_INCLUDE_DIR asio.hpp REQUIRED)
if(NOT TARGET smp_asio)
  add_library(smp_asio INTERFACE)
  # Found inside our own tree (a cross build's staged headers, cmake/SmpCrossDependencies.cmake)
  # it is for building only: an installed package may not name a build directory, so that
  # package expects Asio on its consumer's include path.
  cmake_path(IS_PREFIX PROJECT_SOURCE_DIR "${SMP_ASIO_INCLUDE_DIR}" smp_asio_in_source)
  cmake_path(IS_PREFIX PROJECT_BINARY_DIR "${SMP_ASIO_INCLUDE_DIR}" smp_asio_in_build)
  if(smp_asio_in_source OR smp_asio_in_build)
    target_include_directories(smp_asio SYSTEM INTERFACE $<BUILD_INTERFACE:${SMP_ASIO_INCLUDE_DIR}>)
  else()
    target_include_directories(smp_asio SYSTEM INTERFACE ${SMP_ASIO_INCLUDE_DIR})
  endif()
  target_compile_definitions(smp_asio INTERFACE ASIO_STANDALONE ASIO_NO_DEPRECATED)
  # Asio 1.22 enables co_await on clang only with libc++'s <experimental/coroutine>; clang 14
  # with libstdc++'s <coroutine> (Debian's default) works but is not detected, and every
  # awaitable is missing. Interface, so a clang consumer of the package gets it too; it is
  # harmless where Asio detects support itself (it defines the macro only when unset).
  target_compile_definitions(smp_asio INTERFACE $<$<CXX_COMPILER_ID:Clang>:ASIO_HAS_CO_AWAIT=1>)
  target_link_libraries(smp_asio INTERFACE Threads::Threads)
  if(WIN32)  # Winsock, and mswsock for the overlapped socket calls Asio's IOCP reactor makes
    target_link_libraries(smp_asio INTERFACE ws2_32 mswsock)
  endif()
endif()

# DTLS (dtls:// URIs, src/transport/dtls*.cpp) needs libssl beside the libcrypto the SHA-2
# backend links: auto = on when that backend is OpenSSL (Debian), off elsewhere (Windows' BCrypt,
# macOS' CommonCrypto, the portable builds' openssl-runtime, which links no OpenSSL at all).
set(SMP_DTLS auto CACHE STRING "DTLS transport on OpenSSL: auto, ON or OFF")
set_property(CACHE SMP_DTLS PROPERTY STRINGS auto ON OFF)
if(SMP_DTLS STREQUAL "auto")
  set(SMP_HAVE_DTLS OFF)
  if(SMP_CRYPTO_BACKEND STREQUAL "openssl")
    find_package(OpenSSL COMPONENTS SSL)
    set(SMP_HAVE_DTLS ${OPENSSL_SSL_LIBRARY})
  endif()
elseif(SMP_DTLS)
  find_package(OpenSSL REQUIRED COMPONENTS SSL Crypto)
  set(SMP_HAVE_DTLS ON)
else()
  set(SMP_HAVE_DTLS OFF)
endif()
if(SMP_HAVE_DTLS)
  set(SMP_HAVE_DTLS ON)
else()
  set(SMP_HAVE_DTLS OFF)
endif()
message(STATUS "DTLS transport (OpenSSL libssl): ${SMP_HAVE_DTLS}")

# smpsim --dtls: the device side on mbedTLS, the stack Zephyr devices run (Debian 12's
# libmbedtls-dev 2.28 has no CMake package: found by header and library). Never in a cross build
# (the host's libraries are not the target's).
option(SMP_BUILD_SMPSIM_DTLS "smpsim --dtls (mbedTLS) when mbedTLS is found" ON)
set(SMP_HAVE_MBEDTLS OFF)
if(SMP_BUILD_SMPSIM_DTLS AND NOT CMAKE_CROSSCOMPILING)
  find_path(SMP_MBEDTLS_INCLUDE_DIR mbedtls/ssl.h)
  find_library(SMP_MBEDTLS_LIBRARY mbedtls)
  find_library(SMP_MBEDX509_LIBRARY mbedx509)
  find_library(SMP_MBEDCRYPTO_LIBRARY mbedcrypto)
  if(SMP_MBEDTLS_INCLUDE_DIR AND SMP_MBEDTLS_LIBRARY AND SMP_MBEDX509_LIBRARY AND SMP_MBEDCRYPTO_LIBRARY)
    set(SMP_HAVE_MBEDTLS ON)
    add_library(smp_mbedtls INTERFACE)
    target_include_directories(smp_mbedtls SYSTEM INTERFACE ${SMP_MBEDTLS_INCLUDE_DIR})
    target_link_libraries(smp_mbedtls INTERFACE ${SMP_MBEDTLS_LIBRARY} ${SMP_MBEDX509_LIBRARY}
                                                ${SMP_MBEDCRYPTO_LIBRARY})
  endif()
endif()
message(STATUS "smpsim --dtls (mbedTLS): ${SMP_HAVE_MBEDTLS}")

# The BLE transport (BlueZ over D-Bus) needs sdbus-c++ (libsdbus-c++-dev); without it the BLE
# parts are skipped, not failed.
option(SMP_BUILD_BLE "Build the BLE transport and its tests when sdbus-c++ is found" ON)
set(SMP_HAVE_BLE OFF)
if(SMP_BUILD_BLE)
  find_package(sdbus-c++ 1.2 QUIET)
  if(sdbus-c++_FOUND)
    set(SMP_HAVE_BLE ON)
  else()
    message(STATUS "sdbus-c++ not found: the BLE transport is not built")
  endif()
endif()
