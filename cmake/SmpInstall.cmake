# Install: headers, the client library (shared and static), a CMake package with version
# file, a pkg-config file, the tools; CPack makes a Debian package (cpack -G DEB).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(SMP_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/smpclient)
set_target_properties(smp_asio PROPERTIES EXPORT_NAME asio)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/smp TYPE INCLUDE
        PATTERN "server" EXCLUDE)
install(TARGETS smpclient_shared smpclient smp_protocol smp_asio EXPORT smpclientTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT smpclientTargets NAMESPACE smpclient:: DESTINATION ${SMP_CMAKE_DIR})

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/smpclientConfig.cmake.in
  ${PROJECT_BINARY_DIR}/smpclientConfig.cmake INSTALL_DESTINATION ${SMP_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/smpclientConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/smpclientConfig.cmake
              ${PROJECT_BINARY_DIR}/smpclientConfigVersion.cmake DESTINATION ${SMP_CMAKE_DIR})

configure_file(${PROJECT_SOURCE_DIR}/cmake/smpclient.pc.in ${PROJECT_BINARY_DIR}/smpclient.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/smpclient.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

foreach(tool smpctl smpsim)
  if(TARGET ${tool})
    install(TARGETS ${tool} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  endif()
endforeach()
if(EXISTS ${PROJECT_SOURCE_DIR}/docs/smpctl.1)
  install(FILES ${PROJECT_SOURCE_DIR}/docs/smpctl.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()

set(CPACK_PACKAGE_NAME smpclient)
set(CPACK_PACKAGE_VENDOR "smpclient developers")
set(CPACK_PACKAGE_CONTACT "smpclient developers <smpclient@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "SMP (MCUmgr) client library, smpctl and smpsim")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libasio-dev, libssl-dev, nlohmann-json3-dev")
include(CPack)
