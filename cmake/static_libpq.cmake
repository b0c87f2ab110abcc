# PostgreSQL::PostgreSQL for the static release binary: the libpq archives that
# packaging/install-deps.sh builds from Debian's postgresql-15 source package into
# .deps/libpq (Debian's own libpq.a needs GSSAPI and LDAP archives Debian does not ship).
# Only a build of the pinned version (packaging/postgresql-15.pin) links: anything else
# fails here, loudly.
include_guard(GLOBAL)

set(TASKBOX_LIBPQ_DIR "${CMAKE_SOURCE_DIR}/.deps/libpq" CACHE PATH
    "Folder holding the static libpq (include/, lib/, VERSION) packaging/install-deps.sh builds")

foreach(file VERSION include/libpq-fe.h lib/libpq.a lib/libpgcommon_shlib.a lib/libpgport_shlib.a)
  if(NOT EXISTS "${TASKBOX_LIBPQ_DIR}/${file}")
    message(FATAL_ERROR "The static release links libpq from ${TASKBOX_LIBPQ_DIR}, which has no "
      "${file}: run packaging/install-deps.sh (it builds libpq there), or configure with "
      "-DTASKBOX_POSTGRES=OFF for a binary without the PostgreSQL backend")
  endif()
endforeach()
file(STRINGS "${CMAKE_SOURCE_DIR}/packaging/postgresql-15.pin" libpq_pin REGEX "^POSTGRESQL_VERSION=")
string(REPLACE "POSTGRESQL_VERSION=" "" libpq_pinned_version "${libpq_pin}")
file(READ "${TASKBOX_LIBPQ_DIR}/VERSION" libpq_version)
string(STRIP "${libpq_version}" libpq_version)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  "${CMAKE_SOURCE_DIR}/packaging/postgresql-15.pin" "${TASKBOX_LIBPQ_DIR}/VERSION")
if(NOT libpq_version STREQUAL libpq_pinned_version)
  message(FATAL_ERROR "${TASKBOX_LIBPQ_DIR} is not the pinned libpq (version '${libpq_version}', "
    "expected ${libpq_pinned_version} from packaging/postgresql-15.pin): run packaging/install-deps.sh")
endif()

# libpq.a, then the libpgcommon and libpgport it needs (libpq.so carries them inside), then
# OpenSSL, which all three call. OpenSSL::SSL and OpenSSL::Crypto are the shared libraries
# for the tests and become their archives in the taskbox link (cmake/static_link.cmake).
add_library(taskbox_libpgport STATIC IMPORTED)
set_target_properties(taskbox_libpgport PROPERTIES
  IMPORTED_LOCATION "${TASKBOX_LIBPQ_DIR}/lib/libpgport_shlib.a"
  INTERFACE_LINK_LIBRARIES "OpenSSL::Crypto")
add_library(taskbox_libpgcommon STATIC IMPORTED)
set_target_properties(taskbox_libpgcommon PROPERTIES
  IMPORTED_LOCATION "${TASKBOX_LIBPQ_DIR}/lib/libpgcommon_shlib.a"
  INTERFACE_LINK_LIBRARIES "taskbox_libpgport;OpenSSL::Crypto")
add_library(PostgreSQL::PostgreSQL STATIC IMPORTED)
set_target_properties(PostgreSQL::PostgreSQL PROPERTIES
  IMPORTED_LOCATION "${TASKBOX_LIBPQ_DIR}/lib/libpq.a"
  INTERFACE_INCLUDE_DIRECTORIES "${TASKBOX_LIBPQ_DIR}/include"
  INTERFACE_LINK_LIBRARIES "taskbox_libpgcommon;taskbox_libpgport;OpenSSL::SSL;OpenSSL::Crypto;Threads::Threads")
message(STATUS "libpq: ${libpq_version}, static, from ${TASKBOX_LIBPQ_DIR}")
