# fmt for the macOS cross build (cmake/toolchains/zig-macos.cmake): scripts/build-macos.sh copies
# this file to <staged prefix>/lib/cmake/fmt/fmt-config.cmake. Debian's own fmt package file
# names its Linux libfmt.so, which a Mach-O link cannot use, so here fmt::fmt is fmt's
# header-only form (FMT_HEADER_ONLY compiles fmt's implementation into its users) over the
# staged headers in <staged prefix>/include.
get_filename_component(_smp_fmt_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
if(NOT TARGET fmt::fmt)
  add_library(fmt::fmt INTERFACE IMPORTED)
  set_target_properties(fmt::fmt PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${_smp_fmt_prefix}/include"
                                            INTERFACE_COMPILE_DEFINITIONS FMT_HEADER_ONLY=1)
endif()
# The version find_package reports, from fmt's own header (FMT_VERSION 90100 is 9.1.0).
file(STRINGS "${_smp_fmt_prefix}/include/fmt/core.h" _smp_fmt_line REGEX "^#define FMT_VERSION [0-9]+")
string(REGEX REPLACE "^#define FMT_VERSION ([0-9]+).*" "\\1" _smp_fmt_number "${_smp_fmt_line}")
math(EXPR _smp_fmt_major "${_smp_fmt_number} / 10000")
math(EXPR _smp_fmt_minor "${_smp_fmt_number} % 10000 / 100")
math(EXPR _smp_fmt_patch "${_smp_fmt_number} % 100")
set(fmt_VERSION "${_smp_fmt_major}.${_smp_fmt_minor}.${_smp_fmt_patch}")
unset(_smp_fmt_prefix)
unset(_smp_fmt_line)
unset(_smp_fmt_number)
unset(_smp_fmt_major)
unset(_smp_fmt_minor)
unset(_smp_fmt_patch)
