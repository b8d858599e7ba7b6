# SPDX-License-Identifier: Apache-2.0
# Precompiled headers for the targets whose sources are mostly Asio, the coroutine client,
# nlohmann-json and GoogleTest: those headers cost each translation unit 10-15 s to parse
# (measured from .ninja_log), more than the code that includes them. One PCH per target,
# so each keeps its own flags (sanitizers, warnings). The sans-I/O core gets none: it must
# not see Asio even by accident. Off with -DSMP_PRECOMPILE_HEADERS=OFF.
option(SMP_PRECOMPILE_HEADERS "Precompile the heavy third-party and client headers" ON)

# smp_precompile_headers(<target> [ASIO] [CLIENT] [GTEST] [JSON] [CLI]): name only what the
# target links (CLIENT implies ASIO).
function(smp_precompile_headers target)
  if(NOT SMP_PRECOMPILE_HEADERS)
    return()
  endif()
  cmake_parse_arguments(PCH "ASIO;CLIENT;GTEST;JSON;CLI" "" "" ${ARGN})
  set(headers <string> <vector> <optional> <memory> <functional> <chrono>)
  if(PCH_ASIO OR PCH_CLIENT)
    list(APPEND headers <asio/io_context.hpp> <smp/detail/asio_compat.hpp>)
  endif()
  if(PCH_CLIENT)
    list(APPEND headers <smp/client/client.hpp>)
  endif()
  if(PCH_GTEST)
    list(APPEND headers <gtest/gtest.h>)
  endif()
  if(PCH_JSON)
    list(APPEND headers <nlohmann/json.hpp>)
  endif()
  if(PCH_CLI)
    list(APPEND headers <CLI/CLI.hpp>)
  endif()
  target_precompile_headers(${target} PRIVATE ${headers})
endfunction()
