# Strict warnings on our own targets only (never on third-party headers, which come in as SYSTEM).
function(smp_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                           -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough)
  # Optimised g++ 12 builds (the release preset) report std::vector<uint8_t>::insert as
  # overflowing a region of size 0, std::variant members as maybe-uninitialized and Asio's
  # coroutine frame operator delete as mismatched: false positives of its middle-end after
  # inlining (seen here in header.cpp, upload.cpp), fatal under -Werror. Debug keeps them.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE
      $<$<NOT:$<CONFIG:Debug>>:-Wno-stringop-overflow -Wno-maybe-uninitialized -Wno-mismatched-new-delete>)
  endif()
  if(SMP_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
