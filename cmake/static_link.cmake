# taskbox_link_statically(<executable>)
#
# Links <executable>, and nothing else, with the static archive (libX.a, found next to
# libX.so) of every third-party library in its link closure, and with libstdc++ and libgcc
# statically: only glibc stays dynamic. Tests and other programs that link the same
# libraries keep the shared ones.
#
# How: CMake links a target's whole closure in the context of that target (the "head"),
# so each edge to a third-party shared library L (an imported UNKNOWN or SHARED target, a
# full path to lib*.so, or a plain library name) is rewritten to
#   $<IF:$<BOOL:$<TARGET_PROPERTY:TASKBOX_STATIC_LINK>>, <static twin of L>, L>
# and only <executable> sets TASKBOX_STATIC_LINK. The twin is an imported STATIC target
# with L's usage requirements. New libraries need nothing here (OpenSSL::SSL and
# OpenSSL::Crypto are found like SQLite::SQLite3), but the walk happens at configure time:
# call this after every target in the closure is defined, with third-party imported
# targets visible in the calling directory (imported in the top-level CMakeLists.txt).
# A library without a static archive is a configure error.
include_guard(GLOBAL)

# glibc's own libraries stay dynamic: their archives do not mix with a dynamic libc.
set(_taskbox_glibc_libraries c m dl pthread rt util resolv anl mvec)

# <out_var> = libX.a for libX.so[.N...] in the same folder, NOTFOUND when there is none,
# GLIBC for one of glibc's libraries, and "" when <file> is not a shared library at all.
function(_taskbox_archive_of file out_var)
  get_filename_component(name "${file}" NAME)
  if(NOT name MATCHES "^lib(.+)\\.so(\\.[0-9]+)*$")
    set(${out_var} "" PARENT_SCOPE)
    return()
  endif()
  set(stem "${CMAKE_MATCH_1}")
  if(stem IN_LIST _taskbox_glibc_libraries)
    set(${out_var} GLIBC PARENT_SCOPE)
    return()
  endif()
  get_filename_component(dir "${file}" DIRECTORY)
  if(EXISTS "${dir}/lib${stem}.a")
    set(${out_var} "${dir}/lib${stem}.a" PARENT_SCOPE)
  else()
    set(${out_var} NOTFOUND PARENT_SCOPE)
  endif()
endfunction()

# Creates (once) the static twin of library <what> (a target or a file) from <archive>,
# with <usage_from>'s usage requirements when that is a target; <out_var> = its name.
function(_taskbox_static_twin what archive usage_from out_var)
  string(MAKE_C_IDENTIFIER "taskbox_static_${what}" twin)
  if(NOT TARGET ${twin})
    add_library(${twin} STATIC IMPORTED GLOBAL)
    set_target_properties(${twin} PROPERTIES IMPORTED_LOCATION "${archive}")
    if(usage_from)
      foreach(prop INTERFACE_INCLUDE_DIRECTORIES INTERFACE_SYSTEM_INCLUDE_DIRECTORIES
          INTERFACE_COMPILE_DEFINITIONS INTERFACE_COMPILE_OPTIONS INTERFACE_COMPILE_FEATURES
          INTERFACE_LINK_OPTIONS INTERFACE_LINK_DIRECTORIES INTERFACE_LINK_LIBRARIES
          IMPORTED_LINK_INTERFACE_LANGUAGES)
        get_target_property(value ${usage_from} ${prop})
        if(value)
          set_property(TARGET ${twin} PROPERTY ${prop} "${value}")
        endif()
      endforeach()
    endif()
    # NOTE: a shared library names the glibc libraries it calls (NEEDED); an archive does
    # not, so its twin links them (libsqlite3.a needs libm, libcrypto.a libdl and threads).
    set_property(TARGET ${twin} APPEND PROPERTY INTERFACE_LINK_LIBRARIES m ${CMAKE_DL_LIBS})
    if(TARGET Threads::Threads)
      set_property(TARGET ${twin} APPEND PROPERTY INTERFACE_LINK_LIBRARIES Threads::Threads)
    endif()
    set_property(GLOBAL APPEND PROPERTY TASKBOX_STATIC_ARCHIVES "${archive}")
  endif()
  set(${out_var} ${twin} PARENT_SCOPE)
endfunction()

# <out_var> = the link item that replaces <item> (unchanged when it is not a third-party
# shared library); targets on the way are rewritten first.
function(_taskbox_static_item item out_var)
  set(${out_var} "${item}" PARENT_SCOPE)
  set(pick "$<BOOL:$<TARGET_PROPERTY:TASKBOX_STATIC_LINK>>")
  if(item MATCHES "^\\$<LINK_ONLY:([^<>]+)>$")
    _taskbox_static_item("${CMAKE_MATCH_1}" inner)
    set(${out_var} "$<LINK_ONLY:${inner}>" PARENT_SCOPE)
  elseif(item MATCHES "^\\$<" AND NOT item MATCHES "TASKBOX_STATIC_LINK")
    # Other generator expressions stay as they are, but the targets they name are walked:
    # a library linked under a condition ($<$<BOOL:...>:lib>) gets its own links rewritten.
    # A third-party shared library named in one directly cannot be swapped for its twin
    # there, so it stops the configure. (Our own $<IF:...TASKBOX_STATIC_LINK...> are done.)
    string(REGEX MATCHALL "[A-Za-z0-9_.+-]+(::[A-Za-z0-9_.+-]+)*" words "${item}")
    foreach(word IN LISTS words)
      if(TARGET "${word}")
        _taskbox_static_item("${word}" replacement)
        if(NOT replacement STREQUAL word)
          message(FATAL_ERROR "TASKBOX_STATIC_RELEASE: the shared library ${word} is linked "
            "inside the generator expression ${item}, where its static archive cannot take its "
            "place; link it outside one (in an if() on the condition)")
        endif()
      endif()
    endforeach()
  elseif(item MATCHES "^\\$<" OR item MATCHES "^::@" OR item MATCHES "^-" AND NOT item MATCHES "^-l")
    # CMake's directory markers (::@...) and flags (-pthread, -Wl,...) stay as they are;
    # packaging/release-check.sh still refuses a binary that needs more than glibc.
  elseif(TARGET "${item}")
    get_target_property(aliased "${item}" ALIASED_TARGET)
    if(aliased)
      set(item "${aliased}")
    endif()
    _taskbox_static_rewrite("${item}")
    get_target_property(imported "${item}" IMPORTED)
    get_target_property(type "${item}" TYPE)
    if(imported AND type MATCHES "^(UNKNOWN|SHARED)_LIBRARY$")
      get_target_property(location "${item}" LOCATION)
      _taskbox_archive_of("${location}" archive)
      if(archive STREQUAL "NOTFOUND")
        message(FATAL_ERROR "TASKBOX_STATIC_RELEASE: ${item} (${location}) has no static "
          "archive next to it; install the one its -dev package ships, or configure with "
          "-DTASKBOX_STATIC_RELEASE=OFF")
      elseif(archive AND NOT archive STREQUAL "GLIBC")
        _taskbox_static_twin("${item}" "${archive}" "${item}" twin)
        set(${out_var} "$<IF:${pick},${twin},${item}>" PARENT_SCOPE)
      endif()
    elseif(imported AND type STREQUAL "STATIC_LIBRARY")
      # Already an archive (the release's own libpq): linked as it is, and listed.
      get_target_property(location "${item}" LOCATION)
      set_property(GLOBAL APPEND PROPERTY TASKBOX_STATIC_ARCHIVES "${location}")
    endif()
  elseif(item MATCHES "::")
    message(FATAL_ERROR "TASKBOX_STATIC_RELEASE: ${item} is not a target here; import "
      "third-party packages in the top-level CMakeLists.txt so the release link can see them")
  elseif(IS_ABSOLUTE "${item}")
    _taskbox_archive_of("${item}" archive)
    if(archive STREQUAL "NOTFOUND")
      message(FATAL_ERROR "TASKBOX_STATIC_RELEASE: ${item} has no static archive next to it; "
        "install the one its -dev package ships, or configure with -DTASKBOX_STATIC_RELEASE=OFF")
    elseif(archive AND NOT archive STREQUAL "GLIBC")
      _taskbox_static_twin("${item}" "${archive}" "" twin)
      set(${out_var} "$<IF:${pick},${twin},${item}>" PARENT_SCOPE)
    endif()
  else()
    # A plain library name (dl, m, -lfoo): glibc's stay; any other needs its archive.
    string(REGEX REPLACE "^-l" "" name "${item}")
    if(NOT name IN_LIST _taskbox_glibc_libraries)
      find_library(_taskbox_archive_${name} NAMES lib${name}.a NO_CACHE)
      if(NOT _taskbox_archive_${name})
        message(FATAL_ERROR "TASKBOX_STATIC_RELEASE: no static archive lib${name}.a for "
          "'${item}'; install it, or configure with -DTASKBOX_STATIC_RELEASE=OFF")
      endif()
      _taskbox_static_twin("${name}" "${_taskbox_archive_${name}}" "" twin)
      set(${out_var} "$<IF:${pick},${twin},${item}>" PARENT_SCOPE)
    endif()
  endif()
endfunction()

# Rewrites the link interface of <target> (and its link libraries, for a non-imported
# target), once per target.
function(_taskbox_static_rewrite target)
  get_property(done GLOBAL PROPERTY TASKBOX_STATIC_VISITED)
  if(target IN_LIST done)
    return()
  endif()
  set_property(GLOBAL APPEND PROPERTY TASKBOX_STATIC_VISITED "${target}")
  get_target_property(imported ${target} IMPORTED)
  set(props INTERFACE_LINK_LIBRARIES)
  if(NOT imported)
    list(APPEND props LINK_LIBRARIES)
  endif()
  foreach(prop IN LISTS props)
    get_target_property(items ${target} ${prop})
    if(NOT items)
      continue()
    endif()
    set(rewritten "")
    foreach(item IN LISTS items)
      _taskbox_static_item("${item}" new_item)
      list(APPEND rewritten "${new_item}")
    endforeach()
    set_property(TARGET ${target} PROPERTY ${prop} "${rewritten}")
  endforeach()
endfunction()

function(taskbox_link_statically executable)
  get_target_property(type ${executable} TYPE)
  if(NOT type STREQUAL "EXECUTABLE")
    message(FATAL_ERROR "taskbox_link_statically: ${executable} is not an executable")
  endif()
  set_property(TARGET ${executable} PROPERTY TASKBOX_STATIC_LINK ON)
  target_link_options(${executable} PRIVATE -static-libstdc++ -static-libgcc)
  _taskbox_static_rewrite(${executable})
  get_property(archives GLOBAL PROPERTY TASKBOX_STATIC_ARCHIVES)
  list(REMOVE_DUPLICATES archives)
  list(APPEND archives libstdc++ libgcc)
  list(JOIN archives ", " archives)
  message(STATUS "${executable} links statically: ${archives}")
endfunction()
