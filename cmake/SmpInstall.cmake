# SPDX-License-Identifier: Apache-2.0
# Install: headers, the client library (shared and static), a CMake package with version
# file, a pkg-config file, the tools. Each rule names its component (runtime: the shared
# library; dev: what building against it needs; tools), the Debian package it goes to
# (cmake/SmpDebianPackage.cmake).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(SMP_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/smpclient)
set_target_properties(smp_asio PROPERTIES EXPORT_NAME asio)
set_target_properties(smp_crypto PROPERTIES EXPORT_NAME crypto)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/smp TYPE INCLUDE COMPONENT dev
        PATTERN "server" EXCLUDE)
install(TARGETS smpclient_shared smpclient smp_protocol smp_asio smp_crypto EXPORT smpclientTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime NAMELINK_COMPONENT dev
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT smpclientTargets NAMESPACE smpclient:: DESTINATION ${SMP_CMAKE_DIR} COMPONENT dev)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/smpclientConfig.cmake.in
  ${PROJECT_BINARY_DIR}/smpclientConfig.cmake INSTALL_DESTINATION ${SMP_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/smpclientConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/smpclientConfig.cmake
              ${PROJECT_BINARY_DIR}/smpclientConfigVersion.cmake DESTINATION ${SMP_CMAKE_DIR}
        COMPONENT dev)

# The .pc file finds the prefix from its own place, so that it works under any prefix: as
# many levels up as LIBDIR/pkgconfig has (two for lib, three for Debian's lib/x86_64-linux-gnu).
file(RELATIVE_PATH SMP_PC_PREFIX_FROM_PCFILEDIR /${CMAKE_INSTALL_LIBDIR}/pkgconfig /)
string(REGEX REPLACE "/$" "" SMP_PC_PREFIX_FROM_PCFILEDIR "${SMP_PC_PREFIX_FROM_PCFILEDIR}")
# What a static link needs for the SHA-2 backend (SMP_CRYPTO): a line of the .pc file, or none.
set(SMP_PC_CRYPTO "")
if(SMP_CRYPTO_BACKEND STREQUAL "openssl" AND SMP_HAVE_DTLS)  # the DTLS transport: libssl too
  set(SMP_PC_CRYPTO "Requires.private: libssl libcrypto")
elseif(SMP_CRYPTO_BACKEND STREQUAL "openssl")
  set(SMP_PC_CRYPTO "Requires.private: libcrypto")
elseif(SMP_CRYPTO_BACKEND STREQUAL "bcrypt")
  set(SMP_PC_CRYPTO "Libs.private: -lbcrypt")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/smpclient.pc.in ${PROJECT_BINARY_DIR}/smpclient.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/smpclient.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig
        COMPONENT dev)

foreach(tool smpctl smpsim)
  if(TARGET ${tool})
    install(TARGETS ${tool} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT tools)
  endif()
endforeach()
find_program(SMP_GZIP gzip REQUIRED)
# A tool's docs/TOOL.1, in the tool's component. Installed compressed with gzip -9n, as Debian
# Policy 12.1 wants (man reads it anywhere); -n keeps the time stamp out, so that the same
# page gives the same bytes.
function(smp_install_manpage tool component)
  if(NOT TARGET ${tool} OR NOT EXISTS ${PROJECT_SOURCE_DIR}/docs/${tool}.1)
    return()
  endif()
  add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/${tool}.1.gz
    COMMAND sh -c "${SMP_GZIP} -9nc '${PROJECT_SOURCE_DIR}/docs/${tool}.1' > ${tool}.1.gz"
    DEPENDS ${PROJECT_SOURCE_DIR}/docs/${tool}.1 WORKING_DIRECTORY ${PROJECT_BINARY_DIR} VERBATIM)
  add_custom_target(${tool}_manpage ALL DEPENDS ${PROJECT_BINARY_DIR}/${tool}.1.gz)
  install(FILES ${PROJECT_BINARY_DIR}/${tool}.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1
          COMPONENT ${component})
endfunction()
smp_install_manpage(smpctl tools)
smp_install_manpage(smpsim tools)
smp_install_manpage(mcumgr mcumgr)  # its own component: a package beside the Go tool's

include(SmpDebianPackage)
