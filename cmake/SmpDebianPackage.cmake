# SPDX-License-Identifier: Apache-2.0
# Debian packages (cpack -G DEB; scripts/package.sh builds them from a release build), split the
# way Debian splits a library, so that a user installs only what they need:
#   libsmpclient<SOVERSION>   the shared library (install component "runtime")
#   libsmpclient-dev          headers, static libraries, CMake package, pkg-config ("dev")
#   smpclient-tools           smpctl, smpsim, man pages, bash completion ("tools")
#   smpclient-mcumgr          mcumgr, the Go mcumgr's command line on this library ("mcumgr"):
#                             its own package, so that a user who keeps the Go tool need not
#                             take ours (the Go tool is not packaged in Debian: no file clash)
# Binaries are stripped and debug symbols left out: CMake 3.25's -dbgsym packages
# (CPACK_DEBIAN_DEBUGINFO_PACKAGE) list absolute build paths in their md5sums and lack the
# copyright and changelog lintian requires, and a build without -g is much faster.

# Debian names a shared library package after its soname (Policy 8.1): libsmpclient.so.0.1 is
# in libsmpclient0.1. Before 1.0 the ABI may change with every minor version, hence the
# MAJOR.MINOR SOVERSION (src/CMakeLists.txt) and the package name that follows it.
get_target_property(smp_soversion smpclient_shared SOVERSION)
set(SMP_DEB_LIBRARY_PACKAGE libsmpclient${smp_soversion})
set(SMP_DEB_RELEASE 1 CACHE STRING "Debian revision of the packages (the N of VERSION-N)")
# The address the project's commits are made under (lintian refuses an address @localhost).
set(SMP_DEB_MAINTAINER "smpclient maintainers <maintainers@users.noreply.r-seed-86bf175d.example>"
    CACHE STRING "Maintainer field of the Debian packages and their changelog")
set(SMP_DEB_VERSION ${PROJECT_VERSION}-${SMP_DEB_RELEASE})
set(SMP_DEB_COMPONENTS runtime dev tools)
set(SMP_DEB_PACKAGES ${SMP_DEB_LIBRARY_PACKAGE} libsmpclient-dev smpclient-tools)
if(TARGET mcumgr)
  list(APPEND SMP_DEB_COMPONENTS mcumgr)
  list(APPEND SMP_DEB_PACKAGES smpclient-mcumgr)
endif()

# Every Debian package carries its copyright file and changelog in /usr/share/doc/PACKAGE
# (Policy 12.5, 12.7; lintian errors without them). EXCLUDE_FROM_ALL: a plain `cmake --install`
# into a prefix does not get these Debian-only files, a component install (CPack) does.
# SOURCE_DATE_EPOCH (scripts/package.sh sets it from the commit) makes the date reproducible;
# gzip -n leaves the file name and time out of the archive for the same reason.
string(TIMESTAMP SMP_DEB_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
set(smp_deb_doc ${PROJECT_BINARY_DIR}/debian)
configure_file(${PROJECT_SOURCE_DIR}/cmake/debian/changelog.in ${smp_deb_doc}/changelog.Debian @ONLY)
execute_process(COMMAND ${SMP_GZIP} -9nc ${smp_deb_doc}/changelog.Debian
                OUTPUT_FILE ${smp_deb_doc}/changelog.Debian.gz COMMAND_ERROR_IS_FATAL ANY)
foreach(component package IN ZIP_LISTS SMP_DEB_COMPONENTS SMP_DEB_PACKAGES)
  install(FILES ${PROJECT_SOURCE_DIR}/cmake/debian/copyright ${smp_deb_doc}/changelog.Debian.gz
          DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/${package}
          COMPONENT ${component} EXCLUDE_FROM_ALL)
endforeach()

set(CPACK_PACKAGE_NAME smpclient)
set(CPACK_PACKAGE_VENDOR "smpclient developers")
# CPACK_PACKAGE_DESCRIPTION_SUMMARY is left at its default so that CPack does not put one
# summary in front of every package's own description below.
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL ${SMP_DEB_COMPONENTS})
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${SMP_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_RELEASE ${SMP_DEB_RELEASE})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# Strip what is packaged: a RelWithDebInfo smpctl is 88 MB, stripped 2.3 MB.
set(CPACK_STRIP_FILES ON)
# Runtime dependencies from the binaries themselves (dpkg-shlibdeps), not written by hand.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME ${SMP_DEB_LIBRARY_PACKAGE})
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION libs)
# A shlibs file, so that packages built against this one get a dependency from dpkg-shlibdeps
# (CMake 3.25 has no per-component switch; only the library package has a shared object).
# ">=": every 0.1.x keeps the ABI of libsmpclient.so.0.1 (a change makes a new SOVERSION).
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
# Debian runs ldconfig from a trigger (lintian: lacks-ldconfig-trigger). CPack still adds its
# own ldconfig call to postinst and postrm (lintian warns: maintscript-calls-ldconfig).
set(CPACK_DEBIAN_RUNTIME_PACKAGE_CONTROL_EXTRA ${PROJECT_SOURCE_DIR}/cmake/debian/triggers)
set(CPACK_DEBIAN_RUNTIME_DESCRIPTION "SMP (MCUmgr) client library for C++ - shared library
smpclient speaks the Simple Management Protocol (SMP, also called MCUmgr) that
Zephyr RTOS and MCUboot devices use to be managed and firmware-upgraded over
serial, UDP and Bluetooth LE: typed messages for every standard group,
pipelined and resumable image upload, the whole upgrade routine, file
transfer.

This package contains the shared library.")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME libsmpclient-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
# Nothing to run here: the shared library's exact version (CPACK_COMPONENT_DEV_DEPENDS), then
# what the installed headers include and smpclientConfig.cmake finds (find_dependency).
set(CPACK_DEBIAN_DEV_PACKAGE_SHLIBDEPS OFF)
set(CPACK_COMPONENT_DEV_DEPENDS runtime)
set(smp_deb_dev_depends "libasio-dev, libssl-dev, nlohmann-json3-dev")
if(SMP_HAVE_BLE)  # the static library links sdbus-c++, so the config finds it
  string(APPEND smp_deb_dev_depends ", libsdbus-c++-dev")
endif()
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "${smp_deb_dev_depends}")
set(CPACK_DEBIAN_DEV_DESCRIPTION "SMP (MCUmgr) client library for C++ - development files
smpclient speaks the Simple Management Protocol (SMP, also called MCUmgr) that
Zephyr RTOS and MCUboot devices use to be managed and firmware-upgraded over
serial, UDP and Bluetooth LE.

This package contains the headers, the static libraries, the CMake package
(find_package(smpclient)) and the pkg-config file.")

set(CPACK_DEBIAN_TOOLS_PACKAGE_NAME smpclient-tools)
set(CPACK_DEBIAN_TOOLS_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_TOOLS_DESCRIPTION "SMP (MCUmgr) device management tool and virtual device
smpctl manages Zephyr RTOS and MCUboot devices over the Simple Management
Protocol (SMP, also called MCUmgr) on serial, UDP and Bluetooth LE: image
list, upload and the whole firmware upgrade, files, shell, statistics,
settings. smpsim is a virtual Zephyr/MCUboot device for tests and for work
without hardware.")
set(CPACK_DEBIAN_MCUMGR_PACKAGE_NAME smpclient-mcumgr)
set(CPACK_DEBIAN_MCUMGR_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_MCUMGR_DESCRIPTION "mcumgr command line on the smpclient SMP (MCUmgr) library
mcumgr accepts the command line of the Go mcumgr tool (apache mynewt-mcumgr-cli)
and prints the same text, so that scripts and test harnesses written for it
(Zephyr's twister harness among them) run unchanged: --conntype and
--connstring, connection profiles, image list, upload, test, confirm and
erase, reset, echo, statistics, files, shell and settings. Under it run
smpclient's transports and its pipelined, resumable image upload.")

include(CPack)
